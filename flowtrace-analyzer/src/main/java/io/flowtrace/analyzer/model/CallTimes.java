package io.flowtrace.analyzer.model;

/**
 * The times of every call of one thread, kept apart from the nodes so that identical calls can share one node and
 * still each show their own times: calls are numbered in the order they ended on the thread (the post-order of its
 * tree), and a node's {@link #callsBelow} tells where the calls below it are numbered.
 */
public interface CallTimes {
    /** When the call numbered {@code index} started, in nanoseconds since the epoch; -1 when unknown. */
    long startNanos(long index);

    /** When the call numbered {@code index} ended, in nanoseconds since the epoch; -1 while running or unknown. */
    long endNanos(long index);

    /** Number of calls below {@code node} at any depth, the same at every place a shared node appears. */
    long callsBelow(CallNode node);
}
