/** Output formats over the one model: a text tree and JSON, each writing to a caller's {@link java.io.Writer}. */
package io.flowtrace.analyzer.render;
