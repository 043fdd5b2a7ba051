package io.flowtrace.analyzer.model;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The traced calls of one thread (platform or virtual), as call trees in the order they started. */
public final class ThreadTrace {
    /** Thread name at the time of the recording; virtual threads often have none and show as {@code virtual #41}. */
    private final String name;
    /** {@link Thread#threadId()} of the thread. */
    private final long javaThreadId;
    /** True for a virtual thread. */
    private final boolean virtual;
    /** Top-level traced calls of this thread, in order. */
    private List<CallNode> roots;
    /** Forks, joins and checkpoints outside any traced call of this thread, in order. */
    private final List<CallMark> marks;

    public ThreadTrace(String name, long javaThreadId, boolean virtual, List<CallNode> roots) {
        this(name, javaThreadId, virtual, roots, List.of());
    }

    /**
     * @param roots top-level calls; kept as a read-only view, so the tree builder may still add to the list
     * @param marks forks, joins and checkpoints outside traced calls; kept as a read-only view, like roots
     */
    public ThreadTrace(String name, long javaThreadId, boolean virtual, List<CallNode> roots, List<CallMark> marks) {
        this.name = Objects.requireNonNull(name, "name");
        this.javaThreadId = javaThreadId;
        this.virtual = virtual;
        this.roots = Collections.unmodifiableList(roots);
        this.marks = Collections.unmodifiableList(marks);
    }

    /** The name to show: the thread's name, or {@code virtual #<id>} for an unnamed virtual thread. */
    public String name() {
        return name;
    }

    public long javaThreadId() {
        return javaThreadId;
    }

    public boolean isVirtual() {
        return virtual;
    }

    public List<CallNode> roots() {
        return roots;
    }

    /**
     * Makes each call of this thread a node of its own with its own times, made as a view walks to it
     * ({@link CallNode#placed}); used by the tree builder of an aggregated tree read with times.
     */
    public void place(CallTimes times) {
        roots = Collections.unmodifiableList(CallNode.placed(roots, times));
    }

    /** Forks, joins and checkpoints that happened outside any traced call, in order. */
    public List<CallMark> marks() {
        return marks;
    }

    /** Start of this thread's first recorded call in nanoseconds since the epoch, or -1 if unknown. */
    public long firstNanos() {
        for (CallNode root : roots) {
            if (root.startNanos() >= 0) {
                return root.startNanos();
            }
        }
        return -1;
    }
}
