/**
 * Choosing what to show of a trace: method patterns, thread/include/exclude/depth filters, folding, and the async
 * layout that shows each task's calls under the call that forked it ({@link io.flowtrace.analyzer.view.AsyncTree}).
 */
package io.flowtrace.analyzer.view;
