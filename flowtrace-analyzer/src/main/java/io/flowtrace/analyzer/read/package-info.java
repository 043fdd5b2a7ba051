/**
 * Reading recordings: a JMC parser extension streams FlowTrace events, chunk after chunk, into compact per-thread
 * columns (call batches stay encoded); after each chunk, {@link io.flowtrace.analyzer.read.EventReplay} replays to
 * a {@link io.flowtrace.analyzer.read.CallListener} every thread's events up to the first seq not seen yet, so only
 * events after a hole wait in memory.
 */
package io.flowtrace.analyzer.read;
