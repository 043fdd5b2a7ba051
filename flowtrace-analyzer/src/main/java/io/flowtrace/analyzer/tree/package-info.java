/**
 * Rebuilding call trees from replayed events: where a method exit becomes a finished call node, and where task
 * forks, starts, ends, joins and checkpoints take their places among the calls. For an aggregated tree, identical
 * finished calls are shared as one node ({@code SharedCalls}).
 */
package io.flowtrace.analyzer.tree;
