package io.flowtrace.analyzer.model;

import java.util.Objects;

/** A {@code FlowTrace.checkpoint}, {@code beforeAwait} or {@code afterAwait} the program passed. */
public final class Checkpoint implements CallMark {
    /** Which method of {@code io.flowtrace.FlowTrace} left the checkpoint. */
    public enum Kind {
        /** {@code FlowTrace.checkpoint(label)} */
        POINT,
        /** {@code FlowTrace.beforeAwait(label)} */
        BEFORE_AWAIT,
        /** {@code FlowTrace.afterAwait(label)} */
        AFTER_AWAIT
    }

    /** The program's text. */
    private final String label;
    /** Which checkpoint method. */
    private final Kind kind;
    /** The thread that passed it. */
    private final ThreadTrace thread;
    /** The innermost traced call open on that thread, or {@code null}. */
    private final CallNode call;
    /** Position among the calls of {@link #call} (or the thread's top-level calls). */
    private final int position;
    /** The task the thread was running, or {@code null}. */
    private final TaskInfo task;
    /** When, in nanoseconds since the epoch. */
    private final long nanos;
    /** For {@link Kind#BEFORE_AWAIT}: the matching {@code afterAwait}, or {@code null} when none came. */
    private Checkpoint resumedBy;

    public Checkpoint(String label, Kind kind, ThreadTrace thread, CallNode call, int position, TaskInfo task,
            long nanos) {
        this.label = label == null ? "" : label;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.thread = thread;
        this.call = call;
        this.position = position;
        this.task = task;
        this.nanos = nanos;
    }

    /** Pairs a {@code beforeAwait} with its {@code afterAwait}; used by the tree builder. */
    public void resumedBy(Checkpoint after) {
        this.resumedBy = after;
    }

    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public ThreadTrace thread() {
        return thread;
    }

    /** The innermost traced call open when it was passed, or {@code null}. */
    public CallNode call() {
        return call;
    }

    @Override
    public int position() {
        return position;
    }

    /** The task the thread was running, or {@code null}. */
    public TaskInfo task() {
        return task;
    }

    public long nanos() {
        return nanos;
    }

    /** The {@code afterAwait} that matched this {@code beforeAwait}, or {@code null}. */
    public Checkpoint resumedBy() {
        return resumedBy;
    }

    /** True for a {@code beforeAwait} whose {@code afterAwait} never came: the program hung (or was stopped) here. */
    public boolean isUnresumed() {
        return kind == Kind.BEFORE_AWAIT && resumedBy == null;
    }
}
