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

    int exitCode() {
        return exitCode;
    }
}
