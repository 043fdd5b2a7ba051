package io.flowtrace.recorder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the agent's own messages go. Within a session they are kept for the sidecar file (the CLI tells the user)
 * and the traced program's stderr stays untouched; without one they are printed there, one line each.
 */
final class Diagnostics {
    static final String PREFIX = "flowtrace: ";
    private static final int MAX_KEPT = 100;

    private final PrintStream stderr;
    private final boolean quiet;
    private final boolean debug;
    private final List<String> warnings = new ArrayList<>();
    private int warningCount;

    /**
     * @param stderr the JVM's stderr as it was at start, before the program could replace it
     * @param quiet  true within a session: warnings only go to the sidecar unless debug is on
     */
    Diagnostics(PrintStream stderr, boolean quiet, boolean debug) {
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.quiet = quiet;
        this.debug = debug;
    }

    /** Something the user should know, e.g. a class that could not be instrumented. */
    void warn(String line) {
        synchronized (warnings) {
            warningCount++;
            if (warnings.size() < MAX_KEPT) {
                warnings.add(line);
            }
        }
        if (!quiet || debug) {
            stderr.println(PREFIX + line);
        }
    }

    /** Printed only with debug=true. */
    void debug(String line) {
        if (debug) {
            stderr.println(PREFIX + line);
        }
    }

    void debug(Throwable failure) {
        if (debug) {
            failure.printStackTrace(stderr);
        }
    }

    /** Printed always; for what the user must see even within a session (the agent could not do its job). */
    void always(String line) {
        stderr.println(PREFIX + line);
    }

    boolean isDebug() {
        return debug;
    }

    boolean isQuiet() {
        return quiet;
    }

    int warningCount() {
        synchronized (warnings) {
            return warningCount;
        }
    }

    /** The first warnings, at most {@value #MAX_KEPT}. */
    List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }
}
