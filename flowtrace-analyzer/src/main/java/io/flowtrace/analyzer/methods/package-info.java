/**
 * A recording summed up by method: how often each traced method was called, how often it threw, with how many
 * distinct arguments, and how long it took in all and by itself ({@link io.flowtrace.analyzer.methods.MethodTable}).
 */
package io.flowtrace.analyzer.methods;
