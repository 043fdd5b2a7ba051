package io.flowtrace.analyzer.model;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * One call of a traced method on one thread, with the calls it made.
 *
 * <p>Nodes are built by the analyzer and read-only for users: {@link #children()} is an unmodifiable view.
 */
public final class CallNode {
    /** The {@link #exceptionIdentity()} of a call that returned, or whose recording does not tell it. */
    public static final long NO_IDENTITY = -1;

    /** The method called. */
    private final MethodInfo method;
    /** Rendered argument values, or {@code null} when values were not recorded or the enter was lost. */
    private final List<String> arguments;
    /** The call that made this one, or {@code null} for a root of its thread. */
    private CallNode parent;
    /** Calls made by this call, in order. */
    private List<CallNode> children;
    /** Read-only view of {@link #children}, made on first use. */
    private List<CallNode> childrenView;
    /** When the call started, in nanoseconds since the epoch; -1 when the enter was lost. */
    private final long startNanos;
    /** True when the recording has the exit of this call but not its enter. */
    private final boolean enterLost;
    /** When the call ended, in nanoseconds since the epoch; -1 while running or unknown. */
    private long endNanos = -1;
    /** How the call ended. */
    private Outcome outcome = Outcome.RUNNING;
    /** Cached {@link #structuralHash()}; 0 until computed. */
    private long structuralHash;
    /** Rendered return value; {@code null} for void, for throws and when values were not recorded. */
    private String result;
    /** The exception that escaped the call, or {@code null}. */
    private ExceptionInfo exception;
    /** {@link #exceptionIdentity()}. */
    private long exceptionIdentity = NO_IDENTITY;
    /** Forks, joins and checkpoints that happened in this call (not in its callees), in order; null while none. */
    private List<CallMark> marks;
    /** The task this call was a top-level call of, or {@code null} when it ran as part of its caller or thread. */
    private TaskInfo task;
    /** True when this node may stand for several identical calls of an aggregated tree. */
    private boolean shared;
    /** Calls below this one at any depth, or -1 where the tree builder did not count them. */
    private long callsBelow = -1;
    /**
     * What this node was made from, with {@link #originRow}: the shared node for one of its calls ({@link #placed}),
     * or the store of calls kept outside the heap for its row; else null.
     */
    private final Object origin;
    /** The row of {@link #origin} this node was made from, or -1 when the origin is a node. */
    private final long originRow;
    /** The times of the thread of a node made from a shared one, and the number of its call there; else null, 0. */
    private final CallTimes times;
    private final long index;
    /** The node this one was made from, for one of its calls ({@link #placed}); else null. */
    private final CallNode placedFrom;

    /**
     * Creates a node; the analyzer's tree builder calls this, users normally only read nodes.
     *
     * @param arguments {@code null} when not recorded
     */
    public CallNode(MethodInfo method, List<String> arguments, CallNode parent, long startNanos, boolean enterLost) {
        this.method = method;
        this.arguments = arguments == null ? null : List.copyOf(arguments);
        this.parent = parent;
        this.startNanos = startNanos;
        this.enterLost = enterLost;
        this.children = new ArrayList<>(0);
        this.origin = null;
        this.originRow = -1;
        this.times = null;
        this.index = 0;
        this.placedFrom = null;
    }

    /**
     * Creates a node of a call kept outside the heap, made as a view walks to it and not kept; the analyzer's tree
     * builder calls this. Nodes made from one row stand for the same call ({@link #isSameCall}, {@link #equals}).
     *
     * @param store     what keeps the call; with {@code row}, says which call this node stands for
     * @param row       the call's row in {@code store}
     * @param structuralHash {@link #structuralHash()}, or 0 to compute it when asked
     * @param calls     makes the list of the calls this one made, given this node as their caller
     */
    public CallNode(MethodInfo method, List<String> arguments, CallNode parent, long startNanos, long endNanos,
            Outcome outcome, String result, ExceptionInfo exception, long exceptionIdentity, boolean shared,
            long callsBelow, long structuralHash, Object store, long row,
            Function<CallNode, List<CallNode>> calls) {
        this.method = method;
        this.arguments = arguments;
        this.parent = parent;
        this.startNanos = startNanos;
        this.enterLost = false;
        this.endNanos = endNanos;
        this.outcome = outcome;
        this.result = result;
        this.exception = exception;
        this.exceptionIdentity = exceptionIdentity;
        this.shared = shared;
        this.callsBelow = callsBelow;
        this.structuralHash = structuralHash;
        this.origin = Objects.requireNonNull(store, "store");
        this.originRow = row;
        this.times = null;
        this.index = 0;
        this.placedFrom = null;
        this.children = calls.apply(this);
    }

    /** A node for the call numbered {@code index} of {@code times}, standing for it alone, at the place of the call. */
    private CallNode(CallNode same, CallNode parent, long index, CallTimes times) {
        this.method = same.method;
        this.arguments = same.arguments;
        this.parent = parent;
        this.startNanos = times.startNanos(index);
        this.enterLost = same.enterLost;
        this.endNanos = times.endNanos(index);
        this.outcome = same.outcome;
        this.structuralHash = same.structuralHash(); // of the shared node, once: nodes made anew have no hash kept
        this.result = same.result;
        this.exception = same.exception;
        this.exceptionIdentity = same.exceptionIdentity;
        this.marks = same.marks;
        this.task = same.task;
        this.callsBelow = same.callsBelow;
        this.children = new Placed(same.children, this, index - times.callsBelow(same), times);
        this.origin = same.origin == null ? same : same.origin;
        this.originRow = same.origin == null ? -1 : same.originRow;
        this.times = times;
        this.index = index;
        this.placedFrom = same;
    }

    /**
     * True when both nodes stand for the same call: they are one node, or both were made for the same call
     * ({@link #placed}, or from the same row of calls kept outside the heap: such nodes are made anew each time one
     * is asked for). The same as {@link #equals}.
     */
    public boolean isSameCall(CallNode other) {
        return this == other || other != null && origin != null && origin == other.origin
                && originRow == other.originRow && times == other.times && index == other.index;
    }

    /** {@link #isSameCall}: nodes made anew for one call are equal, other nodes only to themselves. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CallNode c && isSameCall(c);
    }

    @Override
    public int hashCode() {
        if (origin == null) {
            return System.identityHashCode(this);
        }
        return (System.identityHashCode(origin) * 31 + Long.hashCode(originRow)) * 31 + Long.hashCode(index);
    }

    /**
     * The call without its times: for a node made for one call of a shared one ({@link #placed}), that shared node
     * (or its row's), whose calls below are this node's; else this node.
     */
    public CallNode withoutTimes() {
        return placedFrom == null ? this : placedFrom;
    }

    /** The times of the thread a node made for one call ({@link #placed}) was placed in; null for any other node. */
    public CallTimes placedTimes() {
        return placedFrom == null ? null : times;
    }

    /** This call's number in {@link #placedTimes()}: its place among its thread's calls in the order they ended. */
    public long placeNumber() {
        return index;
    }

    /**
     * The row a node kept on disk was made from: the same number for every node made from it, and no other call of
     * the trace has it; -1 for a node kept in memory (tell those apart by identity).
     */
    public long row() {
        return origin != null && originRow >= 0 ? originRow : -1;
    }

    /** True when both nodes were made from one shared node or row: identical calls, whatever their times. */
    private boolean sameOrigin(CallNode other) {
        return origin != null && origin == other.origin && originRow == other.originRow;
    }

    /**
     * Pairs of shared calls compared by {@link #sameCallAs}: by their rows as two numbers while each side's rows are of
     * one store (a million pairs in a table of longs, not a million lists), by their keys otherwise.
     */
    private static final class SharedPairs {
        private Object originA;
        private Object originB;
        private final RowPairs rows = new RowPairs();
        private Set<List<Object>> others;

        /** Adds the pair; false when it was there. */
        boolean add(CallNode a, CallNode b) {
            if (a.origin != null && b.origin != null && a.originRow >= 0 && b.originRow >= 0) {
                if (originA == null) {
                    originA = a.origin;
                    originB = b.origin;
                }
                if (a.origin == originA && b.origin == originB) {
                    return rows.add(a.originRow, b.originRow);
                }
            }
            if (others == null) {
                others = new HashSet<>();
            }
            return others.add(List.of(a.sharedKey(), b.sharedKey()));
        }
    }

    /** What tells shared calls apart when comparing: the node, or the shared node or row it was made from. */
    private Object sharedKey() {
        return origin == null ? this : originRow < 0 ? origin : List.of(origin, originRow);
    }

    /**
     * The calls of {@code roots}, the top-level calls of a thread of an aggregated tree, each as a node of its own
     * with its own times: the nodes below are made as a view walks to them and are not kept, so that a tree of any
     * number of calls can be walked in the memory its distinct calls take.
     *
     * @param roots the thread's top-level calls, shared nodes among them
     * @param times the times of the thread's calls
     * @return a read-only list that makes a node each time one is asked for
     */
    public static List<CallNode> placed(List<CallNode> roots, CallTimes times) {
        return new Placed(roots, null, 0, times);
    }

    /** The calls of a list of nodes, made as asked for: {@code first} numbers the first call at any depth below. */
    private static final class Placed extends AbstractList<CallNode> implements RandomAccess {
        private final List<CallNode> same;
        private final CallNode parent;
        private final long first;
        private final CallTimes times;
        /** The number of each call, made on first use. */
        private long[] index;

        Placed(List<CallNode> same, CallNode parent, long first, CallTimes times) {
            this.same = same;
            this.parent = parent;
            this.first = first;
            this.times = times;
        }

        @Override
        public CallNode get(int i) {
            long[] at = index;
            if (at == null) {
                at = new long[same.size()];
                long next = first;
                CountedCalls counted = same instanceof CountedCalls c ? c : null;
                for (int k = 0; k < at.length; k++) {
                    // a row's count is read without making its node, which the walk makes anyway if it goes there
                    long below = counted == null ? -1 : counted.callsBelow(k);
                    next += (below >= 0 ? below : times.callsBelow(same.get(k))) + 1;
                    at[k] = next - 1; // a call ends after those below it
                }
                index = at;
            }
            return new CallNode(same.get(i), parent, at[i], times);
        }

        @Override
        public int size() {
            return same.size();
        }
    }

    /**
     * Hash of this call and everything below it: method, arguments, outcome, result, exception, and the calls it
     * made, in order; not times. Computed on first use, without recursion. Equal subtrees have equal hashes.
     */
    public long structuralHash() {
        if (structuralHash != 0) {
            return structuralHash;
        }
        // Post-order walk over the nodes whose hash is not known yet.
        ArrayDeque<CallNode> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            CallNode n = stack.peek();
            boolean childrenDone = true;
            for (int i = n.children.size() - 1; i >= 0; i--) {
                CallNode c = n.children.get(i);
                if (c.structuralHash == 0) {
                    stack.push(c);
                    childrenDone = false;
                }
            }
            if (childrenDone) {
                stack.pop();
                n.structuralHash = n.computeHash();
            }
        }
        return structuralHash;
    }

    private long computeHash() {
        long h = method.id();
        h = h * 31 + Objects.hashCode(arguments);
        h = h * 31 + outcome.ordinal();
        h = h * 31 + Objects.hashCode(result);
        h = h * 31 + Objects.hashCode(exception);
        h = h * 31 + (passedOn() ? 1 : 0);
        h = h * 31 + (enterLost ? 1 : 0);
        for (CallNode c : children) {
            h = h * 1_000_003L + c.structuralHash;
        }
        h ^= h >>> 29;
        return h == 0 ? 1 : h; // 0 means "not computed"
    }

    /**
     * True when this call and {@code other} are the same call as far as the recording shows: same method,
     * arguments, outcome, result and exception, and identical calls below, in order. Times do not count. Calls
     * with forks, joins or checkpoints in them, or that ran a task, are the same only as themselves.
     */
    public boolean sameCallAs(CallNode other) {
        if (structuralHash() != other.structuralHash()) {
            return false;
        }
        ArrayDeque<CallNode[]> pairs = new ArrayDeque<>();
        pairs.push(new CallNode[] {this, other});
        // shared nodes appear many times below: each pair of them is compared once
        SharedPairs sharedPairs = null;
        while (!pairs.isEmpty()) {
            CallNode[] p = pairs.pop();
            CallNode a = p[0];
            CallNode b = p[1];
            if (a == b || a.sameOrigin(b)) {
                continue; // made from one shared node: the same calls below
            }
            if (a.origin instanceof CallList.Rows rows && a.times == null && a.originRow >= 0 && a.marks == null
                    && a.task == null && b.origin instanceof CallList.Rows otherRows && b.times == null
                    && b.originRow >= 0 && b.marks == null && b.task == null) {
                // nodes as a row made them (enter recorded, and so are the calls below): the rows tell, without
                // making nodes below
                Boolean same = rows.sameCalls(a.originRow, a.passedOn(), otherRows, b.originRow, b.passedOn());
                if (same != null) {
                    if (!same) {
                        return false;
                    }
                    continue;
                }
            }
            if (a.shared && b.shared) {
                if (sharedPairs == null) {
                    sharedPairs = new SharedPairs();
                }
                if (!sharedPairs.add(a, b)) {
                    continue;
                }
            }
            if (a.marks != null || b.marks != null || a.task != null || b.task != null) {
                return false; // a fork, join or checkpoint inside is never folded away
            }
            if (a.method.id() != b.method.id() || a.outcome != b.outcome || a.enterLost != b.enterLost
                    || !Objects.equals(a.arguments, b.arguments)
                    || !Objects.equals(a.result, b.result)
                    || !Objects.equals(a.exception, b.exception) || a.passedOn() != b.passedOn()
                    || a.children.size() != b.children.size()) {
                return false;
            }
            for (int i = 0; i < a.children.size(); i++) {
                pairs.push(new CallNode[] {a.children.get(i), b.children.get(i)});
            }
        }
        return true;
    }

    /** Records how the call ended; called once by the tree builder. */
    public void finish(Outcome outcome, long endNanos, String result, ExceptionInfo exception) {
        this.outcome = outcome;
        this.endNanos = endNanos;
        this.result = result;
        this.exception = exception;
    }

    /**
     * Records that the call threw the object of that identity; called once by the tree builder.
     *
     * @param identity see {@link #exceptionIdentity()}
     */
    public void threw(long endNanos, ExceptionInfo exception, long identity) {
        finish(Outcome.THREW, endNanos, null, Objects.requireNonNull(exception, "exception"));
        this.exceptionIdentity = identity;
    }

    /** Appends a fork, join or checkpoint that happened in this call; used by the tree builder. */
    public void addMark(CallMark mark) {
        if (marks == null) {
            marks = new ArrayList<>(2);
        }
        marks.add(mark);
    }

    /** Marks this call as a top-level call of a task; used by the tree builder. */
    public void task(TaskInfo task) {
        this.task = task;
    }

    /** Forks, joins and checkpoints that happened directly in this call, in order. */
    public List<CallMark> marks() {
        return marks == null ? List.of() : Collections.unmodifiableList(marks);
    }

    /** The task this call was a top-level call of, or {@code null}. */
    public TaskInfo task() {
        return task;
    }

    /** The task this call ran in: its own {@link #task()} or that of the nearest caller with one, or {@code null}. */
    public TaskInfo owningTask() {
        for (CallNode n = this; n != null; n = n.parent) {
            if (n.task != null) {
                return n.task;
            }
        }
        return null;
    }

    /** Appends a call made by this one; used by the tree builder. */
    public void addChild(CallNode child) {
        children.add(child);
    }

    /**
     * Appends a call made by this one that is kept as a row, made a node as a view asks for it; used by the tree
     * builder.
     */
    public void addChild(CallList.Rows rows, long row) {
        if (!(children instanceof CallList)) {
            CallList calls = new CallList(this); // only now: most nodes of a full tree never hold rows
            calls.addAll(children);
            children = calls;
            childrenView = null;
        }
        ((CallList) children).addRow(rows, row);
    }

    /**
     * Sets the caller of a node made before its caller's node was (an aggregated tree makes a node when the call
     * ends); used by the tree builder, and only while no caller is set.
     */
    public void parent(CallNode caller) {
        if (parent == null) {
            parent = caller;
        }
    }

    /**
     * Removes {@code last}, the last call made by this one, which a reading for a task report does not keep; used by
     * the tree builder.
     */
    public void removeLastChild(CallNode last) {
        int i = children.size() - 1;
        if (i < 0 || children.get(i) != last) {
            throw new IllegalStateException("not the last call made by " + method.displayName());
        }
        children.remove(i);
    }

    /**
     * Number of calls below this one at any depth, or -1 when not counted: an aggregated tree counts them as a call
     * ends, so that a view need not walk the millions of calls a shared node may stand for.
     */
    public long callsBelow() {
        return callsBelow;
    }

    /** Sets {@link #callsBelow()} of a finished call; used by the tree builder. */
    public void callsBelow(long count) {
        callsBelow = count;
    }

    /** Replaces the last call made by this one with an identical shared node; used by the tree builder. */
    public void replaceLastChild(CallNode same) {
        children.set(children.size() - 1, same);
    }

    /**
     * True when this node may stand for several identical calls: an aggregated read (see the tree builder) keeps
     * identical calls as one node, which then appears at each place the call was made. Its times are those of
     * its first call, and {@link #parent()} is one of the calls that made it.
     */
    public boolean isShared() {
        return shared;
    }

    /** Marks this node as shared by identical calls; used by the tree builder. */
    public void markShared() {
        shared = true;
    }

    public MethodInfo method() {
        return method;
    }

    /** Rendered argument values, or {@code null} when values were not recorded or the enter was lost. */
    public List<String> arguments() {
        return arguments;
    }

    public CallNode parent() {
        return parent;
    }

    public List<CallNode> children() {
        List<CallNode> view = childrenView;
        if (view == null) {
            view = Collections.unmodifiableList(children);
            childrenView = view;
        }
        return view;
    }

    /** The number of calls this call made; {@code children().size()}. */
    public int childCount() {
        return children.size();
    }

    /** The {@code index}th call this call made; {@code children().get(index)}. */
    public CallNode child(int index) {
        return children.get(index);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Rendered return value; {@code null} for void methods, throws, running calls and unrecorded values. */
    public String result() {
        return result;
    }

    /** The exception that escaped this call, or {@code null} if none did. */
    public ExceptionInfo exception() {
        return exception;
    }

    /**
     * Which object the exception that escaped this call was: {@link System#identityHashCode} in the traced JVM, the
     * same in the calls one exception passed up through and another in an equal exception thrown anew;
     * {@link #NO_IDENTITY} when the call did not throw or the recording does not tell (recordings made before
     * FlowTrace recorded it).
     */
    public long exceptionIdentity() {
        return exceptionIdentity;
    }

    /**
     * Where the exception that escaped this call was caught: the nearest enclosing call that did not throw the
     * same exception, or {@code null} when it escaped every traced call of the thread (or none escaped this one).
     * The same exception is the same object where the recording tells objects apart
     * ({@link #exceptionIdentity()}), else an equal one. Enclosing calls whose exit was not recorded
     * ({@link Outcome#UNKNOWN}, typically a constructor that threw) are passed over: the exception most likely went
     * through them.
     */
    public CallNode caughtIn() {
        if (exception == null) {
            return null;
        }
        CallNode thrower = this;
        for (CallNode p = thrower.caller(); p != null; p = thrower.caller()) {
            if (!thrower.passedOnTo(p)) {
                return p;
            }
            thrower = p;
        }
        return null;
    }

    /** The nearest enclosing call whose exit was recorded, or null. */
    private CallNode caller() {
        CallNode p = parent;
        while (p != null && p.outcome == Outcome.UNKNOWN) {
            p = p.parent;
        }
        return p;
    }

    /** Whether the exception that escaped this call escaped {@code caller} too. */
    private boolean passedOnTo(CallNode caller) {
        if (exception == null || caller.exception == null) {
            return false;
        }
        if (exceptionIdentity != NO_IDENTITY && caller.exceptionIdentity != NO_IDENTITY) {
            // an identity hash can collide: a different class is surely a different object
            return exceptionIdentity == caller.exceptionIdentity && exception.type().equals(caller.exception.type());
        }
        return exception.equals(caller.exception);
    }

    /** Whether this call's exception escaped its caller too: part of what a call is, for sharing and comparing. */
    private boolean passedOn() {
        CallNode caller = exception == null ? null : caller();
        return caller != null && passedOnTo(caller);
    }

    /** True when the recording has this call's exit but lost its enter (arguments and start are unknown). */
    public boolean enterLost() {
        return enterLost;
    }

    /** When the call started; {@code null} when its enter was lost. */
    public Instant start() {
        return startNanos < 0 ? null : Instant.ofEpochSecond(0, startNanos);
    }

    /** Nanoseconds since the epoch when the call started, or -1 when unknown. */
    public long startNanos() {
        return startNanos;
    }

    /** Nanoseconds since the epoch when the call ended, or -1 while running or unknown. */
    public long endNanos() {
        return endNanos;
    }

    /** How long the call took; {@code null} while running or when start or end is unknown. */
    public Duration duration() {
        return startNanos < 0 || endNanos < 0 ? null : Duration.ofNanos(endNanos - startNanos);
    }

    /** Nesting depth: 0 for a root of its thread. */
    public int depth() {
        int d = 0;
        for (CallNode p = parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    @Override
    public String toString() {
        return method.displayName() + "(" + (arguments == null ? "?" : String.join(", ", arguments)) + ")";
    }
}
