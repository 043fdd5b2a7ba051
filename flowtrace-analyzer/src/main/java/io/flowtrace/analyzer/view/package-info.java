/**
 * Choosing what to show of a trace: method patterns, thread/include/exclude/depth filters, folding, the async
 * layout that shows each task's calls under the call that forked it ({@link io.flowtrace.analyzer.view.AsyncTree}),
 * and the timeline that keeps them on the thread that ran them ({@link io.flowtrace.analyzer.view.Timeline}).
 */
package io.flowtrace.analyzer.view;
