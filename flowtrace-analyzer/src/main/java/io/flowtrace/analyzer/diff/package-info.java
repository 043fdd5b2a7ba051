/**
 * What changed in behaviour between two recordings: {@link io.flowtrace.analyzer.diff.TraceDiffer} aligns two
 * {@link io.flowtrace.analyzer.model.TraceData} (threads by role, tasks by fork site, calls by method and arguments
 * within their caller) into a {@link io.flowtrace.analyzer.diff.DiffModel}, which {@link io.flowtrace.analyzer.diff.TextDiffRenderer}
 * draws as a unified tree and {@link io.flowtrace.analyzer.diff.JsonDiffRenderer} writes as JSON
 * ({@code docs/diff-json.md}).
 */
package io.flowtrace.analyzer.diff;
