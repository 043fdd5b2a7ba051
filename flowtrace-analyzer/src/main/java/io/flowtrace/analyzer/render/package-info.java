/**
 * Output formats over the one model: a text tree, JSON, and the report of unfinished tasks
 * ({@link io.flowtrace.analyzer.render.TaskReport}), each writing to a caller's {@link java.io.Writer}.
 */
package io.flowtrace.analyzer.render;
