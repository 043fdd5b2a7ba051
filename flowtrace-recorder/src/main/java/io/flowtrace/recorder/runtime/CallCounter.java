package io.flowtrace.recorder.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates the per-thread states and sums their call counts on demand, so that counting calls costs a plain
 * field increment on the hot path instead of a shared atomic.
 */
final class CallCounter {
    private static final int PRUNE_EVERY = 1024;

    private final ConcurrentLinkedQueue<ThreadState> states = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong retired = new AtomicLong();

    ThreadState newState(Thread thread) {
        ThreadState state = new ThreadState(thread);
        states.add(state);
        if (created.incrementAndGet() % PRUNE_EVERY == 0) {
            prune(); // many short-lived (virtual) threads must not pile up
        }
        return state;
    }

    /** Recorded enters of all threads so far; approximate while threads still run. */
    long total() {
        long sum = retired.get();
        for (ThreadState state : states) {
            sum += state.calls;
        }
        return sum;
    }

    private void prune() {
        for (ThreadState state : states) {
            if (!state.isOwnerAlive() && states.remove(state)) {
                retired.addAndGet(state.calls);
            }
        }
    }
}
