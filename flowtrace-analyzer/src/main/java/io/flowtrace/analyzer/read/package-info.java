/**
 * Reading recordings: a JMC parser extension streams FlowTrace events from parallel chunk parsers into compact
 * per-thread columns, which are then merged, ordered by seq and replayed to a {@link
 * io.flowtrace.analyzer.read.CallListener}.
 */
package io.flowtrace.analyzer.read;
