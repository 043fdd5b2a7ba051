package io.flowtrace.analyzer.model;

/** How a call ended, as far as the recording tells. */
public enum Outcome {
    /** The call returned normally. */
    RETURNED,
    /** An exception escaped the call. */
    THREW,
    /** The call was entered and had not ended when the recording ended. */
    RUNNING,
    /** The call's exit was not recorded although its caller went on (e.g. a constructor that threw). */
    UNKNOWN
}
