package io.flowtrace.recorder.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every thread's state, so that other threads can flush their call buffers and sum their call counts (a plain
 * field increment on the hot path instead of a shared atomic). States of ended threads are dropped once their
 * buffers are flushed.
 */
final class ThreadStates {
    private static final int PRUNE_EVERY = 1024;

    private final ConcurrentLinkedQueue<ThreadState> states = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong retired = new AtomicLong();
    /**
     * Held while an ended thread's state leaves {@link #states} for {@link #retired}, and while {@link #calls} sums
     * them: otherwise a summary taken at exit, beside the recording's last flush, could count a thread neither way
     * (seen: "recorded 0 calls" for Fib's 10).
     */
    private final Object retiring = new Object();

    ThreadState newState(Thread thread) {
        ThreadState state = new ThreadState(thread, CallClock.now(), this);
        states.add(state);
        if (created.incrementAndGet() % PRUNE_EVERY == 0) {
            flushAll(); // many short-lived (virtual) threads must not pile up
        }
        return state;
    }

    /** Whether {@code thread} has a state here. */
    boolean has(Thread thread) {
        for (ThreadState state : states) {
            if (state.owner.get() == thread) {
                return true;
            }
        }
        return false;
    }

    /** Recorded enters of all threads so far; approximate while threads still run. */
    long calls() {
        synchronized (retiring) { // not between a state's removal and its count's move to retired
            long sum = retired.get();
            for (ThreadState state : states) {
                sum += state.calls.enters;
            }
            return sum;
        }
    }

    /**
     * Commits what every thread has published and not yet committed, and drops the states of ended threads
     * (after their last flush). From any thread; the owners go on appending meanwhile.
     */
    void flushAll() {
        for (ThreadState state : states) {
            boolean ended = !state.isOwnerAlive(); // before the flush: nothing can be added after it
            try {
                state.calls.flush();
            } catch (RuntimeException | StackOverflowError e) {
                continue; // e.g. the recording is closing; the next flush tries again
            }
            if (ended) {
                synchronized (retiring) {
                    if (states.remove(state)) {
                        retired.addAndGet(state.calls.enters);
                    }
                }
            }
        }
    }
}
