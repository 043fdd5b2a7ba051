package io.flowtrace.analyzer.model;

import java.util.Objects;

/**
 * An exception that escaped a call.
 *
 * @param type    binary class name of the exception, e.g. {@code java.lang.IllegalStateException}
 * @param message rendered message, or {@code null} when it had none or it was not recorded
 */
public record ExceptionInfo(String type, String message) {
    public ExceptionInfo {
        Objects.requireNonNull(type, "type");
    }

    /** The class name without its package: {@code IllegalStateException}. */
    public String simpleType() {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
