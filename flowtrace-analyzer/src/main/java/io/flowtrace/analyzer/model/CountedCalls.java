package io.flowtrace.analyzer.model;

/** A list of calls that tells how many calls are below each without making its node. */
public interface CountedCalls {
    /** {@link CallNode#callsBelow()} of the call at {@code index}: -1 when not counted. */
    long callsBelow(int index);
}
