/** Choosing what to show of a trace: method patterns, thread/include/exclude/depth filters, and folding. */
package io.flowtrace.analyzer.view;
