package io.flowtrace.cli;

/** A problem the user can fix: printed as one line, {@code flowtrace <command>: <message>}, never a stack trace. */
final class UserException extends RuntimeException {
    private final int exitCode;

    UserException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    UserException(int exitCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    /** Bad usage or unreadable input. */
    static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message);
    }

    /**
     * The heap was too small: {@code what} ran out of memory (e.g. {@code out of memory reading x.jfr in a 512 MB
     * heap}); says how to give the launcher's JVM more.
     */
    static UserException outOfMemory(String what, Throwable cause) {
        long doubled = Math.max(1, (Runtime.getRuntime().maxMemory() >> 30) * 2 + 1);
        return new UserException(ExitCodes.FAILURE, what + "; give it more with FLOWTRACE_HEAP=" + doubled
                + "g (or -Xmx in JAVA_TOOL_OPTIONS)", cause);
    }

    int exitCode() {
        return exitCode;
    }
}
