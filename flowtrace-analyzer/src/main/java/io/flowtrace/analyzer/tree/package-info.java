/** Rebuilding call trees from replayed events: where a method exit becomes a finished call node. */
package io.flowtrace.analyzer.tree;
