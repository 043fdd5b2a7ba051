package io.flowtrace.analyzer.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.flowtrace.analyzer.model.CallList;
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

/**
 * What the full tree ({@link CallTreeBuilder}), the aggregated one ({@link SharedTreeBuilder}) and the one a task
 * report reads ({@link TaskTreeBuilder}) build alike: the threads taken in turns, calls with nodes on an explicit
 * stack (so recursion of any depth works), tasks, joins and checkpoints as {@link CallMark}s of the innermost open
 * call, and the assembled {@link TraceData}.
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
public abstract sealed class TreeBuilder implements CallListener permits CallTreeBuilder, SharedTreeBuilder,
        TaskTreeBuilder {
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
    long callCount;

    private final Map<Long, TaskInfo> tasks = new LinkedHashMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private List<TaskInfo> numbered;
    /** Threads begun and not yet ended, for listeners driven thread by thread in turns. */
    private final Map<Long, OpenThread> open = new HashMap<>();

    private OpenThread current;
    ThreadTrace thread;
    List<CallNode> roots;
    private List<CallMark> threadMarks;
    /** The open calls with nodes, outermost first, up to {@link #depth} (or below it, see the subclasses). */
    CallNode[] stack;
    int depth;
    /** Tasks running on the current thread, innermost last, with the call depth at which each started. */
    TaskInfo[] active;
    private int[] activeDepth;
    int activeCount;

    /** @param methods method definitions by id, possibly still filled while events come */
    TreeBuilder(Map<Integer, MethodInfo> methods) {
        this.methods = methods;
    }

    /**
     * Assembles the result once every thread has ended.
     *
     * @param events         the recording's methods, command and thread dump (its threads are not used)
     * @param readWarnings   warnings of the reading step (such as truncation), listed first
     * @param replayWarnings warnings about lost events, listed next
     * @param truncated      whether the file was cut short
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
        t.roots = new CallList(null);
        t.marks = new ArrayList<>(0);
        t.thread = new ThreadTrace(name, javaThreadId, virtual, t.roots, t.marks); // views: filled as events come
        t.stack = new CallNode[64];
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
            current.depth = depth;
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
        depth = t.depth;
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
        int depth;
        TaskInfo[] active;
        int[] activeDepth;
        int activeCount;
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        MethodInfo method = method(methodId);
        materialize();
        CallNode parent = depth == 0 ? null : stack[depth - 1];
        CallNode node = new CallNode(method, arguments(method, arguments), parent, startNanos, false);
        attach(parent, node);
        push(node);
    }

    private void push(CallNode node) {
        if (depth >= stack.length) {
            stack = Arrays.copyOf(stack, Math.max(depth + 1, stack.length * 2));
        }
        stack[depth++] = node;
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

    /**
     * Finishes the innermost open call of {@code methodId} and ends those above it as unknown, or, with none open,
     * adds a finished call whose enter was lost.
     */
    void exit(int methodId, long endNanos, String result, ExceptionInfo exception, long identity) {
        int match = depth - 1;
        while (match >= 0 && methodIdAt(match) != methodId) {
            match--;
        }
        materialize();
        if (match < 0) {
            CallNode parent = depth == 0 ? null : stack[depth - 1];
            CallNode node = new CallNode(method(methodId), null, parent, -1, true);
            attach(parent, node);
            finish(node, endNanos, result, exception, identity);
            ended(-1, endNanos);
            return;
        }
        while (depth - 1 > match) {
            stack[--depth].finish(Outcome.UNKNOWN, -1, null, null);
            ended(stack[depth].startNanos(), -1);
            finished(stack[depth]);
            stack[depth] = null;
        }
        CallNode done = stack[--depth];
        finish(done, endNanos, result, exception, identity);
        ended(done.startNanos(), endNanos);
        finished(done);
        stack[depth] = null;
    }

    /** The method id of the open call at depth {@code i}. */
    int methodIdAt(int i) {
        return stack[i].method().id();
    }

    /**
     * Gives every open call a node and puts every finished call in place: the event that comes next refers to them
     * or follows them. Nothing to do where every call gets its node at once.
     */
    void materialize() {
    }

    /** The call {@code done}, at {@code stack[depth]}, just ended. */
    void finished(CallNode done) {
    }

    /** A call of the current thread ended (or, at the thread's end, stays running: then {@code endNanos} is -1). */
    void ended(long startNanos, long endNanos) {
    }

    @Override
    public void endThread() {
        materialize();
        for (int i = depth - 1; i >= 0; i--) {
            ended(stack[i].startNanos(), -1);
        }
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
        active = null;
        activeDepth = null;
    }

    /** Threads in the order they were replayed. */
    public List<ThreadTrace> threads() {
        return threads;
    }

    /** Number of calls replayed. */
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

    MethodInfo method(int id) {
        MethodInfo[] byId = methodById;
        MethodInfo m = id >= 0 && id < byId.length ? byId[id] : null;
        return m != null ? m : lookUpMethod(id); // small, so that the JIT inlines it
    }

    /**
     * The method of each id as {@link #method} tells it, for ids it was asked for, without holding on to this
     * builder: for nodes made after the read.
     */
    IntFunction<MethodInfo> methodLookup() {
        Map<Integer, MethodInfo> known = methods;
        Map<Integer, MethodInfo> unknown = unknownMethods;
        return id -> {
            MethodInfo m = known.get(id);
            return m != null ? m : unknown.getOrDefault(id, MethodInfo.unknown(id));
        };
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
