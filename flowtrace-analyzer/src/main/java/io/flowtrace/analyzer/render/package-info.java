/**
 * Output formats over the one model: a text tree, JSON, the report of unfinished tasks
 * ({@link io.flowtrace.analyzer.render.TaskReport}) and a Chrome trace-event timeline for Perfetto
 * ({@link io.flowtrace.analyzer.render.ChromeTraceRenderer}), each writing to a caller's {@link java.io.Writer}.
 */
package io.flowtrace.analyzer.render;
