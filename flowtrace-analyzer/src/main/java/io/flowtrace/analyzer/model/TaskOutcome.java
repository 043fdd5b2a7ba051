package io.flowtrace.analyzer.model;

/** How a forked task ended, as far as the recording tells. */
public enum TaskOutcome {
    /** The task completed normally (with a value, or none for a Runnable). */
    VALUE,
    /** The task ended with an exception. */
    EXCEPTION,
    /** The task was cancelled. */
    CANCELLED,
    /** The task started and had not ended when the recording ended. */
    RUNNING,
    /** The task was forked but never started. */
    NOT_STARTED,
    /** A periodic task waiting for its next run (its last run ended normally), or for its first. */
    SCHEDULED
}
