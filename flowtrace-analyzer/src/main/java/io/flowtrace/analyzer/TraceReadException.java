package io.flowtrace.analyzer;

import java.io.IOException;
import java.util.Objects;

/**
 * A recording could not be read. The message is one lowercase line meant for users, such as
 * {@code not a JFR file: app.log}; {@link #reason()} tells callers which kind of problem it was.
 */
public final class TraceReadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a recording could not be read. */
    public enum Reason {
        /** The path does not exist. */
        NOT_FOUND,
        /** The path is a directory or otherwise not a regular file. */
        NOT_A_FILE,
        /** The file exists but may not be read. */
        UNREADABLE,
        /** The file has no bytes. */
        EMPTY,
        /** The file does not start like a JFR recording (or a compressed one). */
        NOT_JFR,
        /** The file starts like a JFR recording but its content could not be parsed. */
        CORRUPT,
        /** The JVM ran out of memory while reading: the recording may be fine, the heap was too small for it. */
        OUT_OF_MEMORY
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason  kind of problem
     * @param message one lowercase line for users
     * @param cause   the underlying problem, or {@code null}
     */
    public TraceReadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Creates an exception without an underlying cause. */
    public TraceReadException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** The kind of problem, for mapping to exit codes. */
    public Reason reason() {
        return reason;
    }
}
