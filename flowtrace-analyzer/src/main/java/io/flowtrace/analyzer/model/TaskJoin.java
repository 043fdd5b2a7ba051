package io.flowtrace.analyzer.model;

import java.util.List;
import java.util.Objects;

/** A wait for a task's outcome ({@code join}, {@code get}, {@code Thread.join}, ...), at its place in a call. */
public final class TaskJoin implements CallMark {
    /** The task waited for. */
    private final TaskInfo task;
    /** How it was awaited: {@code join}, {@code get}, {@code threadJoin}, ... */
    private final String kind;
    /** True when the task had completed when the wait ended (false: timed out or interrupted). */
    private final boolean completed;
    /** The waiting thread. */
    private final ThreadTrace thread;
    /** The innermost traced call open on the waiting thread, or {@code null}. */
    private final CallNode call;
    /** Position among the calls of {@link #call} (or the thread's top-level calls). */
    private final int position;
    /** The join site's stack, innermost frame first; empty when not recorded. */
    private final List<StackFrame> stack;
    /** How long the thread waited, in nanoseconds; -1 when unknown. */
    private final long waitNanos;
    /** When the wait ended, in nanoseconds since the epoch; -1 when unknown. */
    private final long endNanos;

    public TaskJoin(TaskInfo task, String kind, boolean completed, ThreadTrace thread, CallNode call, int position,
            List<StackFrame> stack, long waitNanos, long endNanos) {
        this.task = Objects.requireNonNull(task, "task");
        this.kind = kind;
        this.completed = completed;
        this.thread = thread;
        this.call = call;
        this.position = position;
        this.stack = stack == null ? List.of() : stack;
        this.waitNanos = waitNanos;
        this.endNanos = endNanos;
    }

    public TaskInfo task() {
        return task;
    }

    public String kind() {
        return kind;
    }

    public boolean completed() {
        return completed;
    }

    public ThreadTrace thread() {
        return thread;
    }

    /** The innermost traced call open on the waiting thread, or {@code null}. */
    public CallNode call() {
        return call;
    }

    @Override
    public int position() {
        return position;
    }

    /** The join site's stack, innermost first. */
    public List<StackFrame> stack() {
        return stack;
    }

    /** The first frame of the join stack outside the JDK and FlowTrace, or {@code null}. */
    public StackFrame site() {
        return TaskInfo.firstProgramFrame(stack);
    }

    /** Nanoseconds waited, or -1. */
    public long waitNanos() {
        return waitNanos;
    }

    /** Nanoseconds since the epoch when the wait ended, or -1. */
    public long endNanos() {
        return endNanos;
    }
}
