package io.flowtrace.analyzer.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A unit of work handed off to run elsewhere (an executor, a pool, a new thread, a dependent stage): where it was
 * forked, where and how it ran, what it called and who waited for it.
 *
 * <p>Built by the analyzer from {@code flowtrace.TaskFork}, {@code TaskStart}, {@code TaskEnd} and {@code TaskJoin}
 * events, which may be missing (a fork rotated out, a task still running); read-only for users. As a
 * {@link CallMark} it stands for the fork, at its place in {@link #forkCall()}.
 */
public final class TaskInfo implements CallMark {
    /** Id of the task in the recording; unique there, but differs between runs. */
    private final long id;
    /** Number in display order (1, 2, ...), the same in every run of a deterministic program. */
    private int number;
    /** True when the fork was recorded; the fork fields below are then known. */
    private boolean forked;
    /** How it was handed off: {@code execute}, {@code submit}, {@code supplyAsync}, {@code thread}, ... */
    private String kind;
    /** Where it was handed to, as rendered by the recorder (an executor, pool or thread), or {@code null}. */
    private String executor;
    /** The rendered task object (Runnable, Callable, lambda), or {@code null}. */
    private String taskObject;
    /** The task the forking thread was running, or {@code null} when it ran none (or it is unknown). */
    private TaskInfo parent;
    /** For a dependent stage (thenApply, thenCombine...): the task whose outcome it consumes, or {@code null}. */
    private TaskInfo source;
    /** For a stage on two (thenCombine, applyToEither...): the second task it consumes, or {@code null}. */
    private TaskInfo otherSource;
    /** The dependent stages that consume this task's outcome, in fork order. */
    private final List<TaskInfo> dependents = new ArrayList<>(0);
    /** How many times it started: 1, or one per run of a periodic task. */
    private int runs;
    /** When its latest run started, in nanoseconds since the epoch; -1 when it did not. */
    private long lastStartNanos = -1;
    /** The thread that forked it, or {@code null} when the fork was not recorded. */
    private ThreadTrace forkThread;
    /** The innermost traced call open on the forking thread at the fork, or {@code null} when none was. */
    private CallNode forkCall;
    /** Position among the calls of {@link #forkCall} (or the forking thread's top-level calls). */
    private int forkPosition;
    /** The fork site's stack, innermost frame first; empty when the recording has no stack trace. */
    private List<StackFrame> forkStack = List.of();
    /** When it was forked, in nanoseconds since the epoch; -1 when unknown. */
    private long forkNanos = -1;
    /** The thread that ran it, or {@code null} when it never started. */
    private ThreadTrace runThread;
    /** The traced call open on the running thread when the task started, or {@code null}. */
    private CallNode runParent;
    /** Where it started among the calls of {@link #runParent} (or the thread's top-level calls); -1 when unknown. */
    private int runPosition = -1;
    /** When it started, in nanoseconds since the epoch; -1 when it did not. */
    private long startNanos = -1;
    /** When it ended, in nanoseconds since the epoch; -1 while running or never started. */
    private long endNanos = -1;
    /** How it ended. */
    private TaskOutcome outcome = TaskOutcome.NOT_STARTED;
    /** The rendered result, or {@code null}. */
    private String result;
    /** The exception it ended with, or {@code null}. */
    private ExceptionInfo exception;
    /** The top-level traced calls it made on its running thread, in order. */
    private final List<CallNode> calls = new ArrayList<>(1);
    /** The waits for its outcome, in the order they ended. */
    private final List<TaskJoin> joins = new ArrayList<>(0);

    /** Creates a task known only by its id; the analyzer's tree builder fills in the rest. */
    public TaskInfo(long id) {
        this.id = id;
    }

    /** Records the fork; used by the tree builder. */
    public void forked(String kind, String executor, String taskObject, TaskInfo parent, ThreadTrace thread,
            CallNode call, int position, List<StackFrame> stack, long nanos) {
        this.forked = true;
        this.kind = kind;
        this.executor = executor;
        this.taskObject = taskObject;
        this.parent = parent;
        this.forkThread = thread;
        this.forkCall = call;
        this.forkPosition = position;
        this.forkStack = stack == null ? List.of() : stack;
        this.forkNanos = nanos;
    }

    /** Records the sources of a dependent stage (each may be {@code null}); used by the tree builder. */
    public void sources(TaskInfo source, TaskInfo otherSource) {
        this.source = source;
        this.otherSource = otherSource;
        for (TaskInfo s : new TaskInfo[] {source, otherSource}) {
            if (s != null && s != this && !s.dependents.contains(this)) {
                s.dependents.add(this);
            }
        }
    }

    /**
     * Records a start; used by the tree builder, which may see a task's events in any order across threads. A
     * periodic task starts once a run: the first run's thread and start stay, the runs are counted.
     */
    public void started(ThreadTrace thread, CallNode parentCall, long nanos) {
        started(thread, parentCall, -1, nanos);
    }

    /**
     * Records a start, as {@link #started(ThreadTrace, CallNode, long)}, with where it happened among the calls of
     * {@code parentCall} (or the thread's top-level calls): the number of them that had started before.
     */
    public void started(ThreadTrace thread, CallNode parentCall, int position, long nanos) {
        runs++;
        if (runThread == null || nanos < startNanos) {
            this.runThread = thread;
            this.runParent = parentCall;
            this.runPosition = position;
            this.startNanos = nanos;
        }
        lastStartNanos = Math.max(lastStartNanos, nanos);
        if (outcome == TaskOutcome.NOT_STARTED || endNanos >= 0 && nanos > endNanos) {
            outcome = TaskOutcome.RUNNING; // not ended yet, or a run after the latest end seen so far
        }
    }

    /** Records the end; used by the tree builder. */
    public void ended(TaskOutcome outcome, long nanos, String result, ExceptionInfo exception) {
        if (endNanos >= 0 && nanos < endNanos) {
            return; // the end of an earlier run of a periodic task: the latest end is its outcome
        }
        this.outcome = lastStartNanos > nanos ? TaskOutcome.RUNNING : outcome; // a later run is running
        this.endNanos = nanos;
        this.result = result;
        this.exception = exception;
    }

    /** Adds a top-level call the task made; used by the tree builder. */
    public void addCall(CallNode call) {
        calls.add(call);
    }

    /** Removes {@code last}, the last top-level call the task made, not kept; used by the tree builder. */
    public void removeLastCall(CallNode last) {
        int i = calls.size() - 1;
        if (i < 0 || calls.get(i) != last) {
            throw new IllegalStateException("not the last call of task " + id);
        }
        calls.remove(i);
    }

    /** Adds a wait for this task; used by the tree builder. */
    public void addJoin(TaskJoin join) {
        joins.add(join);
    }

    /** Sets the display number; used by the tree builder. */
    public void number(int number) {
        this.number = number;
    }

    public long id() {
        return id;
    }

    /** Number in display order, 1 for the first task shown; stable across runs of a deterministic program. */
    public int number() {
        return number;
    }

    /** True when the fork was recorded. */
    public boolean isForked() {
        return forked;
    }

    /** How it was handed off ({@code execute}, {@code supplyAsync}, {@code thread}, ...), or {@code null}. */
    public String kind() {
        return kind;
    }

    /** The rendered executor, pool or thread it was handed to, or {@code null}. */
    public String executor() {
        return executor;
    }

    /** The rendered task object, or {@code null}. */
    public String taskObject() {
        return taskObject;
    }

    /** The task that forked this one, or {@code null}. */
    public TaskInfo parent() {
        return parent;
    }

    /** For a dependent stage: the task whose outcome it consumes (its source stage), or {@code null}. */
    public TaskInfo source() {
        return source;
    }

    /** For a stage on two sources (thenCombine, applyToEither...): the second one, or {@code null}. */
    public TaskInfo otherSource() {
        return otherSource;
    }

    /** The dependent stages that consume this task's outcome (thenApply... on its future), in fork order. */
    public List<TaskInfo> dependents() {
        return Collections.unmodifiableList(dependents);
    }

    /** How many times it started: 0 when never, 1, or the number of runs of a periodic task. */
    public int runs() {
        return runs;
    }

    /** The forking thread, or {@code null} when the fork was not recorded. */
    public ThreadTrace forkThread() {
        return forkThread;
    }

    /** The innermost traced call open at the fork, or {@code null} when it was forked outside traced calls. */
    public CallNode forkCall() {
        return forkCall;
    }

    @Override
    public int position() {
        return forkPosition;
    }

    /** The fork site's stack, innermost first, as JFR recorded it (JDK and FlowTrace frames included). */
    public List<StackFrame> forkStack() {
        return forkStack;
    }

    /**
     * The first frame of the fork stack outside the JDK and FlowTrace: the program's line that forked, or a
     * library's when the program forked through one ({@link ApplicationCode#callerOf} then finds the program's).
     */
    public StackFrame forkSite() {
        return firstProgramFrame(forkStack);
    }

    /** Nanoseconds since the epoch of the fork, or -1. */
    public long forkNanos() {
        return forkNanos;
    }

    /** The thread it ran on, or {@code null} when it never started. */
    public ThreadTrace runThread() {
        return runThread;
    }

    /** The traced call open on the running thread when it started (work stealing, caller runs), or {@code null}. */
    public CallNode runParent() {
        return runParent;
    }

    /**
     * Where its first run started among the calls of {@link #runParent()} (or of its thread's top-level calls): the
     * number of those that had started before; -1 when unknown.
     */
    public int runPosition() {
        return runPosition;
    }

    /** Nanoseconds since the epoch of the start, or -1. */
    public long startNanos() {
        return startNanos;
    }

    /** Nanoseconds since the epoch of the end, or -1. */
    public long endNanos() {
        return endNanos;
    }

    /** How long it ran; {@code null} unless both start and end are known. */
    public Duration duration() {
        return startNanos < 0 || endNanos < 0 ? null : Duration.ofNanos(endNanos - startNanos);
    }

    /**
     * How it ended; a periodic task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) that has not run
     * yet is {@link TaskOutcome#SCHEDULED}, waiting for its first run, not a task that never started.
     */
    public TaskOutcome outcome() {
        return outcome == TaskOutcome.NOT_STARTED && isPeriodic() ? TaskOutcome.SCHEDULED : outcome;
    }

    /** True for a periodic schedule: forked by {@code scheduleAtFixedRate} or {@code scheduleWithFixedDelay}. */
    public boolean isPeriodic() {
        return "scheduleAtFixedRate".equals(kind) || "scheduleWithFixedDelay".equals(kind);
    }

    /** The rendered result of a task that completed with a value, or {@code null}. */
    public String result() {
        return result;
    }

    /** The exception of a task that failed, or {@code null}. */
    public ExceptionInfo exception() {
        return exception;
    }

    /** Top-level traced calls the task made, in order. */
    public List<CallNode> calls() {
        return Collections.unmodifiableList(calls);
    }

    /** Waits for this task's outcome, in the order they ended. */
    public List<TaskJoin> joins() {
        return Collections.unmodifiableList(joins);
    }

    /**
     * True when its outcome was observed: some wait for this task ended with the task complete, or a dependent
     * stage consumed it (which then carries an exception on, or handles it).
     */
    public boolean isObserved() {
        if (!dependents.isEmpty()) {
            return true;
        }
        for (TaskJoin j : joins) {
            if (j.completed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for work the JDK handed off on its own, such as a pool replacing a worker thread or the JVM starting its
     * shutdown thread: the fork's stack trace has no frame of the program, and the task made no traced call.
     * Views leave such tasks out.
     */
    public boolean isJdkInternal() {
        return forked && !forkStack.isEmpty() && forkSite() == null && calls.isEmpty();
    }

    /** First frame outside the JDK and FlowTrace, or {@code null}. */
    static StackFrame firstProgramFrame(List<StackFrame> stack) {
        for (StackFrame f : stack) {
            if (!f.isPlatform()) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "task #" + number + " (id " + id + ", " + kind + ", " + outcome + ")";
    }
}
