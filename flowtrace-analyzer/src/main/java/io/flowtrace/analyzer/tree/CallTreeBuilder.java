package io.flowtrace.analyzer.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.CallMark;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.CallListener;
import io.flowtrace.analyzer.read.EventReplay;
import io.flowtrace.analyzer.read.RecordedEvents;
import io.flowtrace.analyzer.read.ThreadDumps;
import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.records.CallRecordReader;

/**
 * Builds the full call tree of every thread from replayed events; this is where a method exit becomes a finished
 * {@link CallNode}. Iterative, with an explicit stack, so recursion of any depth works.
 *
 * <ul>
 * <li>An enter opens a node below the innermost open call (or as a root).
 * <li>An exit finishes the innermost open call of the same method. Open calls above it had no recorded exit
 * (e.g. a constructor that threw) and end as {@link Outcome#UNKNOWN}.
 * <li>A call whose enter was lost is opened by {@link #enterLost}, where {@link EventReplay} found it must have
 * started; it ends with {@link CallNode#enterLost()} set. An exit that still matches no open call becomes a
 * finished node at the current position.
 * <li>Calls still open when the thread's events end stay {@link Outcome#RUNNING}.
 * <li>A task fork, join or checkpoint becomes a {@link CallMark} of the innermost open call (or of the thread);
 * calls entered at the depth where a task started, until it ends, are that task's {@link TaskInfo#calls()}.
 * </ul>
 */
public final class CallTreeBuilder implements CallListener {
    private final Map<Integer, MethodInfo> methods;
    private final Map<Integer, MethodInfo> unknownMethods = new HashMap<>();
    /** The definitions looked up so far, by id: the map's lookups box every id. */
    private MethodInfo[] methodById = new MethodInfo[256];
    private static final int MAX_METHOD_INDEX = 1 << 22;
    /** Argument lists by rendered arguments, so repeated calls share one list (a bounded cache). */
    private final Map<String, List<String>> argumentLists = new HashMap<>();
    private static final int MAX_ARGUMENT_LISTS = 1 << 16;
    /** The argument lists of recent calls by the identity of their rendered arguments, before the map. */
    private final String[] recentArguments = new String[1 << 10];
    @SuppressWarnings("unchecked")
    private final List<String>[] recentLists = (List<String>[]) new List<?>[1 << 10];
    private final List<ThreadTrace> threads = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long callCount;

    private final Map<Long, TaskInfo> tasks = new LinkedHashMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private List<TaskInfo> numbered;

    /** Identical finished calls share one node when not null; see {@link #CallTreeBuilder(Map, boolean)}. */
    private final SharedCalls shared;
    /** When sharing: the calls that ended without a node by int ids, and the ids of their values. */
    private final DistinctCalls distinct;
    private final ValueIds argumentIds;
    private final ValueIds resultIds;
    private final Map<Thrown, Integer> exceptionIds;
    /** Ids of calls of kinds not kept (see {@link #unkeptId}). */
    private int nextUnkeptId;
    /** When sharing: the argument list of each argument id with text, made when a node first needs it. */
    private List<?>[] argumentListsById;
    /** Threads begun and not yet ended, for listeners driven thread by thread in turns. */
    private final Map<Long, OpenThread> open = new HashMap<>();

    private OpenThread current;
    private ThreadTrace thread;
    private List<CallNode> roots;
    private List<CallMark> threadMarks;
    private CallNode[] stack;
    /** Per open call: whether a call below it is pinned to its place (see {@link #finished}). */
    private boolean[] pinnedBelow;
    private int depth;
    /** When sharing: open calls at {@code realDepth} and above have no node yet, see {@link OpenCalls}. */
    private OpenCalls light;
    private int realDepth;
    /** Tasks running on the current thread, innermost last, with the call depth at which each started. */
    private TaskInfo[] active;
    private int[] activeDepth;
    private int activeCount;

    /** @param methods method definitions by id; ids missing here show as {@link MethodInfo#unknown(int)} */
    public CallTreeBuilder(Map<Integer, MethodInfo> methods) {
        this(methods, false);
    }

    /**
     * @param methods     method definitions by id, possibly still filled while events come; ids missing here when a
     *                    call is entered show as {@link MethodInfo#unknown(int)}
     * @param shareCalls  true to build an aggregated tree: a returned call identical to one built before (same
     *                    method, arguments, result and identical calls below, no task, fork, join or checkpoint in
     *                    it) is replaced by that earlier node, so memory grows with the distinct calls, not with
     *                    their number. Shared nodes carry the times of their first call and
     *                    {@link CallNode#parent()} is the caller of that first call (see {@link CallNode#isShared()}).
     */
    public CallTreeBuilder(Map<Integer, MethodInfo> methods, boolean shareCalls) {
        this(methods, shareCalls, DistinctCalls.MAX_KINDS, ValueIds.MAX_VALUES);
    }

    /** With other bounds on the kinds of calls and on the values kept while sharing, to test them. */
    CallTreeBuilder(Map<Integer, MethodInfo> methods, boolean shareCalls, int maxKinds, int maxValues) {
        this.methods = methods;
        this.shared = shareCalls ? new SharedCalls() : null;
        this.distinct = shareCalls ? new DistinctCalls(maxKinds) : null;
        this.argumentIds = shareCalls ? new ValueIds(maxValues) : null;
        this.resultIds = shareCalls ? new ValueIds(maxValues) : null;
        this.exceptionIds = shareCalls ? new HashMap<>() : null;
        this.argumentListsById = shareCalls ? new List<?>[256] : null;
    }

    /**
     * Replays merged events through a new builder and assembles the result.
     *
     * @param readWarnings warnings of the reading step (such as truncation), listed first
     * @param truncated    whether the file was cut short
     */
    public static TraceData buildTrace(RecordedEvents events, List<String> readWarnings, boolean truncated) {
        CallTreeBuilder builder = new CallTreeBuilder(events.methods());
        List<String> replayWarnings = EventReplay.replay(events, builder);
        return builder.trace(events, readWarnings, replayWarnings, truncated);
    }

    /**
     * Assembles the result once every thread has ended.
     *
     * @param events         the recording's methods, command and thread dump (its threads are not used)
     * @param readWarnings   warnings of the reading step (such as truncation), listed first
     * @param replayWarnings warnings about lost events, listed next
     */
    public TraceData trace(RecordedEvents events, List<String> readWarnings, List<String> replayWarnings,
            boolean truncated) {
        List<String> all = new ArrayList<>(readWarnings);
        all.addAll(replayWarnings);
        all.addAll(warnings);
        return new TraceData(threads, events.methods(), all, truncated, events.hasFlowTraceEvents(), callCount,
                events.command(), tasks(), checkpoints(), ThreadDumps.parse(events.threadDump()),
                ThreadDumps.deadlocks(events.threadDump()));
    }

    @Override
    public void taskFork(long id, long parentTask, String kind, String executor, String taskObject, long nanos,
            List<StackFrame> stack) {
        TaskInfo task = task(id);
        CallNode call = top();
        task.forked(kind, executor, taskObject, parentTask == 0 ? null : task(parentTask), thread, call, position(),
                stack, nanos);
        mark(call, task);
    }

    @Override
    public void taskSources(long id, long source, long otherSource) {
        task(id).sources(source == 0 ? null : task(source), otherSource == 0 ? null : task(otherSource));
    }

    @Override
    public void taskStart(long id, long nanos) {
        TaskInfo task = task(id);
        task.started(thread, top(), position(), nanos);
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, activeCount * 2);
            activeDepth = Arrays.copyOf(activeDepth, activeCount * 2);
        }
        active[activeCount] = task;
        activeDepth[activeCount++] = depth;
    }

    @Override
    public void taskEnd(long id, long nanos, String outcome, String result, ExceptionInfo exception) {
        TaskInfo task = task(id);
        TaskOutcome o = switch (outcome == null ? "" : outcome) {
            case TaskEndEvent.EXCEPTION -> TaskOutcome.EXCEPTION;
            case TaskEndEvent.CANCELLED -> TaskOutcome.CANCELLED;
            case TaskEndEvent.RUN -> TaskOutcome.SCHEDULED;
            default -> TaskOutcome.VALUE;
        };
        task.ended(o, nanos, result, o == TaskOutcome.EXCEPTION && exception == null
                ? new ExceptionInfo("?", null) : exception);
        for (int i = activeCount - 1; i >= 0; i--) {
            if (active[i] == task) {
                Arrays.fill(active, i, activeCount, null);
                activeCount = i; // tasks started inside it and not ended have ended with it
                break;
            }
        }
    }

    @Override
    public void taskJoin(long id, String kind, boolean completed, long startNanos, long waitNanos,
            List<StackFrame> stack) {
        TaskInfo task = task(id);
        CallNode call = top();
        TaskJoin join = new TaskJoin(task, kind, completed, thread, call, position(), stack, waitNanos,
                startNanos >= 0 && waitNanos >= 0 ? startNanos + waitNanos : -1);
        task.addJoin(join);
        mark(call, join);
    }

    @Override
    public void checkpoint(String label, String kind, long taskId, long nanos) {
        Checkpoint.Kind k = switch (kind == null ? "" : kind) {
            case CheckpointEvent.BEFORE_AWAIT -> Checkpoint.Kind.BEFORE_AWAIT;
            case CheckpointEvent.AFTER_AWAIT -> Checkpoint.Kind.AFTER_AWAIT;
            default -> Checkpoint.Kind.POINT;
        };
        TaskInfo task = taskId != 0 ? task(taskId) : activeCount > 0 ? active[activeCount - 1] : null;
        CallNode call = top();
        Checkpoint checkpoint = new Checkpoint(label, k, thread, call, position(), task, nanos);
        checkpoints.add(checkpoint);
        mark(call, checkpoint);
    }

    private TaskInfo task(long id) {
        return tasks.computeIfAbsent(id, TaskInfo::new);
    }

    /** The innermost open call, given a node if it had none: a task event or checkpoint is about to refer to it. */
    private CallNode top() {
        materialize();
        return depth == 0 ? null : stack[depth - 1];
    }

    /** Position of an event among the calls of the innermost open call (or the thread's top-level calls). */
    private int position() {
        return depth == 0 ? roots.size() : stack[depth - 1].children().size();
    }

    private void mark(CallNode call, CallMark mark) {
        if (call == null) {
            threadMarks.add(mark);
        } else {
            call.addMark(mark);
        }
    }

    /** Tasks in display order, numbered 1, 2, ...; call after the replay. */
    public List<TaskInfo> tasks() {
        if (numbered == null) {
            numbered = TaskNumbering.number(threads, tasks.values());
        }
        return numbered;
    }

    /**
     * Checkpoints thread by thread, each {@code beforeAwait} paired with the next {@code afterAwait} of the same
     * label in the same task (or, outside tasks, on the same thread); call after the replay.
     */
    public List<Checkpoint> checkpoints() {
        Map<String, Deque<Checkpoint>> waiting = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            String key = (c.task() != null ? "task " + c.task().id() : "thread " + c.thread().javaThreadId())
                    + "\n" + c.label();
            if (c.kind() == Checkpoint.Kind.BEFORE_AWAIT) {
                waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).push(c);
            } else if (c.kind() == Checkpoint.Kind.AFTER_AWAIT) {
                Deque<Checkpoint> open = waiting.get(key);
                if (open != null && !open.isEmpty()) {
                    open.pop().resumedBy(c);
                }
            }
        }
        return checkpoints;
    }

    @Override
    public void beginThread(long javaThreadId, String name, boolean virtual) {
        save();
        OpenThread t = new OpenThread();
        t.roots = new ArrayList<>();
        t.marks = new ArrayList<>(0);
        t.thread = new ThreadTrace(name, javaThreadId, virtual, t.roots, t.marks); // views: filled as events come
        t.stack = new CallNode[64];
        t.pinnedBelow = new boolean[64];
        t.light = shared == null ? null : new OpenCalls();
        t.active = new TaskInfo[8];
        t.activeDepth = new int[8];
        open.put(javaThreadId, t);
        load(t);
    }

    @Override
    public void resumeThread(long javaThreadId) {
        OpenThread t = open.get(javaThreadId);
        if (t == null) {
            throw new IllegalStateException("thread " + javaThreadId + " was not begun");
        }
        if (t != current) {
            save();
            load(t);
        }
    }

    /** Keeps the state of the current thread in its {@link OpenThread}. */
    private void save() {
        if (current != null) {
            current.stack = stack;
            current.pinnedBelow = pinnedBelow;
            current.depth = depth;
            current.light = light;
            current.realDepth = realDepth;
            current.active = active;
            current.activeDepth = activeDepth;
            current.activeCount = activeCount;
        }
    }

    private void load(OpenThread t) {
        current = t;
        thread = t.thread;
        roots = t.roots;
        threadMarks = t.marks;
        stack = t.stack;
        pinnedBelow = t.pinnedBelow;
        depth = t.depth;
        light = t.light;
        realDepth = t.realDepth;
        active = t.active;
        activeDepth = t.activeDepth;
        activeCount = t.activeCount;
    }

    /** The building state of a thread while another thread's events are replayed. */
    private static final class OpenThread {
        ThreadTrace thread;
        List<CallNode> roots;
        List<CallMark> marks;
        CallNode[] stack;
        boolean[] pinnedBelow;
        int depth;
        OpenCalls light;
        int realDepth;
        TaskInfo[] active;
        int[] activeDepth;
        int activeCount;
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        if (shared != null && activeCount == 0) {
            openLight(methodId, argumentIds.id(arguments), startNanos);
            return;
        }
        MethodInfo method = method(methodId);
        materialize();
        CallNode parent = depth == 0 ? null : stack[depth - 1];
        CallNode node = new CallNode(method, arguments(method, arguments), parent, startNanos, false);
        attach(parent, node);
        push(node);
    }

    /** When sharing, outside tasks: with the common call records, the light path takes their values by ids. */
    @Override
    public boolean enterRecord(CallRecordReader r, long startNanos) {
        if (shared == null || activeCount != 0) {
            return false;
        }
        openLight(r.method(), argumentIds.id(r), startNanos);
        return true;
    }

    @Override
    public boolean returnRecord(CallRecordReader r, long endNanos) {
        int top = depth - 1;
        if (top < realDepth || light.methodId[top] != r.method()) {
            return false; // not sharing (then realDepth is depth), or not the innermost call without a node
        }
        exitWithoutNode(endNanos, resultIds.id(r), null, CallNode.NO_IDENTITY);
        return true;
    }

    /** Opens a call without a node: one is made at the exit only if no identical call was seen before. */
    private void openLight(int methodId, int arguments, long startNanos) {
        callCount++;
        if (arguments == ValueIds.UNKEPT) {
            light.open(depth, methodId, arguments, startNanos);
            light.unkeptArguments(depth++, argumentIds.unkeptText());
            return;
        }
        light.open(depth++, methodId, arguments, startNanos); // stack and pinnedBelow are set when it gets a node
    }

    private void push(CallNode node) {
        room();
        pinnedBelow[depth] = false;
        stack[depth++] = node;
        realDepth = depth;
    }

    private void room() {
        if (depth >= stack.length) {
            stack = Arrays.copyOf(stack, Math.max(depth + 1, stack.length * 2));
            pinnedBelow = Arrays.copyOf(pinnedBelow, stack.length);
        }
    }

    @Override
    public void enterLost(int methodId) {
        materialize();
        CallNode parent = depth == 0 ? null : stack[depth - 1];
        CallNode node = new CallNode(method(methodId), null, parent, -1, true);
        attach(parent, node);
        push(node);
    }

    @Override
    public void exit(int methodId, long endNanos, String result, ExceptionInfo exception) {
        exit(methodId, endNanos, result, exception, CallNode.NO_IDENTITY);
    }

    @Override
    public void threw(int methodId, long endNanos, ExceptionInfo exception, long identity) {
        exit(methodId, endNanos, null, exception, identity);
    }

    private void exit(int methodId, long endNanos, String result, ExceptionInfo exception, long identity) {
        int top = depth - 1;
        if (top >= realDepth && light.methodId[top] == methodId) {
            // the innermost call, which has no node yet: most exits
            exitWithoutNode(endNanos, exception == null ? resultIds.id(result) : exceptionId(exception, identity),
                    exception, identity);
            return;
        }
        int match = top;
        while (match >= 0 && methodIdAt(match) != methodId) {
            match--;
        }
        materialize();
        if (match < 0) {
            CallNode parent = depth == 0 ? null : stack[depth - 1];
            CallNode node = new CallNode(method(methodId), null, parent, -1, true);
            attach(parent, node);
            finish(node, endNanos, result, exception, identity);
            return;
        }
        while (depth - 1 > match) {
            stack[--depth].finish(Outcome.UNKNOWN, -1, null, null);
            finished(stack[depth]);
            stack[depth] = null;
        }
        CallNode done = stack[--depth];
        finish(done, endNanos, result, exception, identity);
        finished(done);
        stack[depth] = null;
        realDepth = depth;
    }

    private int methodIdAt(int i) {
        return i >= realDepth ? light.methodId[i] : stack[i].method().id();
    }

    /**
     * The innermost open call, which has no node yet, ended: it becomes the shared node of an identical call seen
     * before, or a node of its own, among the calls of its caller.
     *
     * @param result the id of its result, or for a call that threw that of the exception ({@link #exceptionId})
     */
    private void exitWithoutNode(long endNanos, int result, ExceptionInfo exception, long identity) {
        int i = --depth;
        OpenCalls l = light;
        int from = l.callsFrom(i);
        int count = l.callsEnd - from;
        int m = l.methodId[i];
        int args = l.arguments[i];
        int h = DistinctCalls.hash(m, args, result, l.callsHash(i));
        int id = distinct.find(h, m, args, result, l.calls, from, count);
        CallNode own = null; // the node of a call that threw or of no kind kept: it stands for this call only
        if (id < 0 || exception != null) {
            CallNode node = newNode(i, endNanos, result, exception, identity);
            if (id < 0 && args != ValueIds.UNKEPT && result != ValueIds.UNKEPT) {
                id = distinct.add(h, m, args, result, l.calls, from, count, exception == null ? node : null);
                if (id >= 0 && exception == null) {
                    node.markShared(); // it stands for every call of its kind
                }
            }
            if (exception != null || id < 0) {
                own = node;
                if (id < 0) {
                    id = unkeptId(); // never equal to another call's: its callers are not shared either
                }
            }
        }
        l.close(i);
        // made by the open call below, or, by the outermost one, at the level of the calls with nodes (then it
        // waits there until the next event that needs them in place): no test of which, the JIT would find the
        // second case untaken for millions of calls and recompile the replay loop when it comes
        l.addCall(i - 1, id, own, DistinctCalls.callsHash(l.callsHash(i - 1), h));
    }

    /** A new id below 0 for a call of a kind {@link DistinctCalls} no longer keeps. */
    private int unkeptId() {
        // after 2^31 such calls the ids come round again; two callers would then also need all else equal to match
        nextUnkeptId = nextUnkeptId == Integer.MIN_VALUE ? -1 : nextUnkeptId - 1;
        return nextUnkeptId;
    }

    /**
     * The node of an open call without one, at {@code i}, that ended: the first of its kind, or one that threw, or
     * one of a kind not kept.
     */
    private CallNode newNode(int i, long endNanos, int result, ExceptionInfo exception, long identity) {
        OpenCalls l = light;
        MethodInfo method = method(l.methodId[i]);
        CallNode node = new CallNode(method, argumentList(method, i),
                i > 0 && i - 1 < realDepth ? stack[i - 1] : null, l.start[i], false);
        adopt(i, l.callsEnd, node);
        if (exception != null) {
            node.threw(endNanos, exception, identity);
            return node;
        }
        node.finish(Outcome.RETURNED, endNanos,
                result == ValueIds.UNKEPT ? resultIds.unkeptText() : resultIds.text(result), null);
        return node;
    }

    /** Makes the calls made by the open call without a node at {@code i}, up to {@code end}, those of {@code node}. */
    private void adopt(int i, int end, CallNode node) {
        OpenCalls l = light;
        for (int k = l.callsFrom(i); k < end; k++) {
            CallNode c = l.node(k, distinct);
            node.addChild(c);
            c.parent(node);
        }
    }

    /**
     * The (negative) result id of the innermost open call, which threw {@code exception}: the same for calls that
     * threw equal exceptions and passed on (the very object where the recording tells) those of the same calls
     * they made, by place, so that where each exception was caught is part of what makes calls identical.
     */
    private int exceptionId(ExceptionInfo exception, long identity) {
        List<Integer> passedOnFrom = List.of();
        if (identity != CallNode.NO_IDENTITY) {
            OpenCalls l = light;
            int from = l.callsFrom(depth - 1);
            for (int k = from; k < l.callsEnd; k++) {
                CallNode call = l.callNodes[k]; // the calls that threw have nodes of their own
                if (call != null && call.exceptionIdentity() == identity
                        && call.exception().type().equals(exception.type())) {
                    passedOnFrom = passedOnFrom.isEmpty() ? new ArrayList<>(1) : passedOnFrom;
                    passedOnFrom.add(k - from);
                }
            }
        }
        return -1 - exceptionIds.computeIfAbsent(new Thrown(exception, passedOnFrom), e -> exceptionIds.size());
    }

    /** What tells the calls that threw apart: the exception, and which of their calls' exceptions they passed on. */
    private record Thrown(ExceptionInfo exception, List<Integer> passedOnFrom) {
    }

    /** The argument list of the open call without a node at {@code i}, shared by calls with these arguments. */
    @SuppressWarnings("unchecked")
    private List<String> argumentList(MethodInfo method, int i) {
        int id = light.arguments[i];
        if (id == ValueIds.UNKEPT) {
            return splitArguments(method, light.unkeptArguments(i));
        }
        String joined = argumentIds.text(id);
        if (joined == null || joined.isEmpty()) {
            return splitArguments(method, joined); // "": no arguments, or one empty one
        }
        if (id >= argumentListsById.length) {
            argumentListsById = Arrays.copyOf(argumentListsById, Math.max(id + 1, argumentListsById.length * 2));
        }
        List<String> list = (List<String>) argumentListsById[id];
        if (list == null) {
            list = splitArguments(method, joined);
            argumentListsById[id] = list;
        }
        return list;
    }

    /**
     * Puts the calls without a node that ended at the level of the calls with nodes in place, and gives the open
     * calls without a node their nodes: the events that come next (task events, checkpoints, calls with nodes) refer
     * to them or follow them.
     */
    private void materialize() {
        if (realDepth == depth && (light == null || light.callsEnd == 0)) {
            return; // nothing without a node
        }
        int waiting = realDepth < depth ? light.callsFrom(realDepth) : light.callsEnd;
        CallNode level = realDepth == 0 ? null : stack[realDepth - 1];
        for (int k = 0; k < waiting; k++) {
            if (level == null) {
                roots.add(light.node(k, distinct));
            } else {
                level.addChild(light.node(k, distinct));
            }
        }
        if (depth > stack.length) {
            stack = Arrays.copyOf(stack, Math.max(depth, stack.length * 2));
            pinnedBelow = Arrays.copyOf(pinnedBelow, stack.length);
        }
        for (int i = realDepth; i < depth; i++) {
            CallNode parent = i == 0 ? null : stack[i - 1];
            MethodInfo method = method(light.methodId[i]);
            CallNode node = new CallNode(method, argumentList(method, i), parent, light.start[i], false);
            pinnedBelow[i] = false;
            adopt(i, i + 1 < depth ? light.callsFrom(i + 1) : light.callsEnd, node);
            if (parent == null) {
                roots.add(node);
            } else {
                parent.addChild(node);
            }
            stack[i] = node;
        }
        light.closeAll();
        realDepth = depth;
    }

    /**
     * The calls open without a node (sharing only), by depth. The calls they made so far are on one stack,
     * {@link #calls}: those of the open call at depth {@code d} from {@link #callsFrom}{@code (d)} up to the start of
     * the next open call's (or {@link #callsEnd}), with a running hash of them ({@link DistinctCalls#callsHash}).
     * Below them, from 0, the calls without a node that ended at the level of the calls with nodes (depth
     * {@code realDepth - 1}, -1 for the thread's top level), waiting to be put in place.
     */
    private static final class OpenCalls {
        int[] methodId = new int[64];
        /** {@link ValueIds} of the arguments, and their text where that is {@link ValueIds#UNKEPT}. */
        int[] arguments = new int[64];
        String[] unkeptArguments = new String[64];
        long[] start = new long[64];
        /** By depth + 1, so that the level below the outermost open call, even the top level, has an entry. */
        private int[] callsStart = new int[65];
        private int[] callsHash = new int[65];
        /** The ids of the calls made, and the own nodes of those that threw or are of kinds not kept. */
        int[] calls = new int[256];
        CallNode[] callNodes = new CallNode[256];
        int callsEnd;

        void open(int depth, int m, int args, long startNanos) {
            if (depth == methodId.length) {
                int n = depth * 2;
                methodId = Arrays.copyOf(methodId, n);
                arguments = Arrays.copyOf(arguments, n);
                unkeptArguments = Arrays.copyOf(unkeptArguments, n);
                start = Arrays.copyOf(start, n);
                callsStart = Arrays.copyOf(callsStart, n + 1);
                callsHash = Arrays.copyOf(callsHash, n + 1);
            }
            methodId[depth] = m;
            arguments[depth] = args;
            start[depth] = startNanos;
            callsStart[depth + 1] = callsEnd;
            callsHash[depth + 1] = SharedCalls.NO_CALLS;
        }

        void unkeptArguments(int depth, String text) {
            unkeptArguments[depth] = text;
        }

        String unkeptArguments(int depth) {
            return unkeptArguments[depth];
        }

        /** Where the calls made by the open call at {@code depth} start in {@link #calls}. */
        int callsFrom(int depth) {
            return callsStart[depth + 1];
        }

        /** The running hash of the calls made by the open call at {@code depth}. */
        int callsHash(int depth) {
            return callsHash[depth + 1];
        }

        /** The node of the call at {@code k} in {@link #calls}. */
        CallNode node(int k, DistinctCalls distinct) {
            CallNode own = callNodes[k];
            return own != null ? own : distinct.node(calls[k]);
        }

        /**
         * A call made by the open call at {@code depth}, the innermost one, or at the level below the open calls.
         *
         * @param node      the call's own node when it threw, else null (its kind's node stands for it)
         * @param callsHash the calls' hash of the open call with this call
         */
        void addCall(int depth, int id, CallNode node, int callsHash) {
            if (callsEnd == calls.length) {
                calls = Arrays.copyOf(calls, callsEnd * 2);
                callNodes = Arrays.copyOf(callNodes, callsEnd * 2);
            }
            calls[callsEnd] = id;
            callNodes[callsEnd++] = node;
            this.callsHash[depth + 1] = callsHash;
        }

        /**
         * The innermost open call, at {@code depth}, ended. What it held is left in place, to be overwritten (it is
         * the price of a few stale references up to the deepest point the thread reached, dropped with the thread).
         */
        void close(int depth) {
            callsEnd = callsStart[depth + 1];
        }

        /** All calls made so far got nodes and are in place, and so did the open calls. */
        void closeAll() {
            Arrays.fill(callNodes, 0, callsEnd, null);
            callsEnd = 0;
        }
    }

    /**
     * When sharing: replaces the call just finished at {@code stack[depth]} with an identical earlier one, unless it
     * is pinned to its place: it or a call below it has a task, fork, join or checkpoint, which refer to it.
     */
    private void finished(CallNode done) {
        if (shared == null) {
            return;
        }
        boolean pinned = pinnedBelow[depth] || done.task() != null || !done.marks().isEmpty();
        if (pinned) {
            if (depth > 0) {
                pinnedBelow[depth - 1] = true;
            }
            return;
        }
        CallNode same = shared.intern(done);
        if (same != done) {
            if (depth == 0) {
                roots.set(roots.size() - 1, same);
            } else {
                stack[depth - 1].replaceLastChild(same);
            }
        }
    }

    @Override
    public void endThread() {
        materialize();
        Arrays.fill(stack, 0, depth, null); // open calls stay RUNNING
        depth = 0;
        Arrays.fill(active, 0, activeCount, null); // tasks still running stay RUNNING
        activeCount = 0;
        threads.add(thread);
        open.remove(thread.javaThreadId());
        current = null;
        roots = null;
        threadMarks = null;
        thread = null;
        stack = null;
        pinnedBelow = null;
        light = null;
        realDepth = 0;
        active = null;
        activeDepth = null;
    }

    /** Threads in the order they were replayed. */
    public List<ThreadTrace> threads() {
        return threads;
    }

    /** Number of call nodes built. */
    public long callCount() {
        return callCount;
    }

    /** One line per method id that had no definition. */
    public List<String> warnings() {
        return warnings;
    }

    private void attach(CallNode parent, CallNode node) {
        callCount++;
        if (parent == null) {
            roots.add(node);
        } else {
            parent.addChild(node);
        }
        if (activeCount > 0 && activeDepth[activeCount - 1] == depth) {
            TaskInfo task = active[activeCount - 1];
            node.task(task);
            task.addCall(node);
        }
    }

    private static void finish(CallNode node, long endNanos, String result, ExceptionInfo exception,
                               long identity) {
        if (exception != null) {
            node.threw(endNanos, exception, identity);
        } else {
            node.finish(Outcome.RETURNED, endNanos, result, null);
        }
    }

    private MethodInfo method(int id) {
        MethodInfo[] byId = methodById;
        MethodInfo m = id >= 0 && id < byId.length ? byId[id] : null;
        return m != null ? m : lookUpMethod(id); // small, so that the JIT inlines it
    }

    private MethodInfo lookUpMethod(int id) {
        MethodInfo m = methods.get(id);
        if (m != null) {
            if (id >= 0 && id < MAX_METHOD_INDEX) {
                if (id >= methodById.length) {
                    methodById = Arrays.copyOf(methodById, Math.max(id + 1, methodById.length * 2));
                }
                methodById[id] = m; // definitions never change once known
            }
            return m;
        }
        return unknownMethods.computeIfAbsent(id, i -> {
            warnings.add("method id " + i + " has no definition in the recording (shown as "
                    + MethodInfo.unknown(i).displayName() + ")");
            return MethodInfo.unknown(i);
        });
    }

    /** The argument list of a call, shared by calls with the same rendered arguments. */
    private List<String> arguments(MethodInfo method, String joined) {
        if (joined == null || joined.isEmpty()) {
            return newArguments(method, joined, -1); // "": no arguments, or one empty one
        }
        int slot = System.identityHashCode(joined) & (recentArguments.length - 1);
        if (recentArguments[slot] == joined) {
            return recentLists[slot]; // the reader hands on one String for repeated values
        }
        return newArguments(method, joined, slot);
    }

    /** The argument list of a call whose arguments are not among the recent ones; {@code slot} -1 for none. */
    private List<String> newArguments(MethodInfo method, String joined, int slot) {
        if (slot < 0) {
            return splitArguments(method, joined);
        }
        List<String> list = argumentLists.get(joined);
        if (list == null) {
            if (argumentLists.size() >= MAX_ARGUMENT_LISTS) {
                argumentLists.clear(); // a cache: values that keep changing must not fill memory
            }
            list = splitArguments(method, joined);
            argumentLists.put(joined, list);
        }
        recentArguments[slot] = joined;
        recentLists[slot] = list;
        return list;
    }

    /**
     * Splits rendered arguments on {@link EventNames#ARGUMENT_SEPARATOR}, keeping empty values; the descriptor
     * tells a call without parameters from one whose single argument rendered as an empty string.
     */
    static List<String> splitArguments(MethodInfo method, String joined) {
        if (joined == null) {
            return null;
        }
        if (joined.isEmpty() && parameterCount(method.descriptor()) == 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(4);
        int from = 0;
        for (int i = joined.indexOf(EventNames.ARGUMENT_SEPARATOR); i >= 0;
                i = joined.indexOf(EventNames.ARGUMENT_SEPARATOR, from)) {
            values.add(joined.substring(from, i));
            from = i + 1;
        }
        values.add(joined.substring(from));
        return List.copyOf(values);
    }

    /** Number of parameters in a JVM method descriptor; -1 when it cannot be parsed (e.g. an unknown method). */
    static int parameterCount(String descriptor) {
        if (descriptor.isEmpty() || descriptor.charAt(0) != '(') {
            return -1;
        }
        int count = 0;
        int i = 1;
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            if (c == '[') {
                i++;
                continue;
            }
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            }
            count++;
            i++;
        }
        return count;
    }
}
