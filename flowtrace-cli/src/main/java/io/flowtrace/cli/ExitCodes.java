package io.flowtrace.cli;

/** Exit codes shared by every command. */
final class ExitCodes {
    /** Success, or (diff, tasks) nothing to report. */
    static final int OK = 0;
    /** A failure, or (diff, tasks) something to report. */
    static final int FAILURE = 1;
    /** Bad usage or unreadable input. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
