package io.flowtrace.recorder.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/** A forked task: its id and whether it has started and ended, so that each is recorded exactly once. */
final class TaskInfo {
    private static final int FORKED = 0;
    private static final int STARTED = 1;
    private static final int ENDED = 2;

    final long id;
    private final AtomicInteger phase = new AtomicInteger(FORKED);

    TaskInfo(long id) {
        this.id = id;
    }

    boolean isUnstarted() {
        return phase.get() == FORKED;
    }

    /** True for the one caller that may record the start. */
    boolean claimStart() {
        return phase.compareAndSet(FORKED, STARTED);
    }

    /** True for the one caller that may record the end of a started task. */
    boolean claimEnd() {
        return phase.compareAndSet(STARTED, ENDED);
    }

    /** True for the one caller that may record the end of a task cancelled before it started. */
    boolean claimCancelBeforeStart() {
        return phase.compareAndSet(FORKED, ENDED);
    }
}
