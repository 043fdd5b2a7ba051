package io.flowtrace.recorder.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forked task: its id and whether it has started and ended, so that each is recorded exactly once (a periodic
 * task goes back to forked after each run).
 */
final class TaskInfo {
    private static final int FORKED = 0;
    private static final int STARTED = 1;
    private static final int ENDED = 2;

    final long id;
    private final AtomicInteger phase = new AtomicInteger(FORKED);
    /** System.nanoTime() when it ended, 0 before: which of anyOf's tasks completed first. */
    private volatile long endedAt;

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
        return ended(phase.compareAndSet(STARTED, ENDED));
    }

    /** True for the one caller that may record the end of one run of a periodic task, which may run again. */
    boolean claimRunEnd() {
        return phase.compareAndSet(STARTED, FORKED);
    }

    /** True for the one caller that may record the end of a task cancelled before it started (or between runs). */
    boolean claimCancelBeforeStart() {
        return ended(phase.compareAndSet(FORKED, ENDED));
    }

    boolean isEnded() {
        return phase.get() == ENDED;
    }

    /** When it ended (System.nanoTime()), 0 while it has not. */
    long endedAt() {
        return endedAt;
    }

    private boolean ended(boolean claimed) {
        if (claimed) {
            endedAt = System.nanoTime();
        }
        return claimed;
    }
}
