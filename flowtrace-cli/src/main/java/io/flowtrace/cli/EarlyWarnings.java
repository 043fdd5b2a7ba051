package io.flowtrace.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Watches the session's sidecars while the command runs and warns once per JVM, within seconds, when its selection
 * traces nothing or floods the recording, with an {@code --include} to try; the exit summary then does not repeat it.
 */
final class EarlyWarnings implements Runnable, AutoCloseable {
    /** How long a JVM may run before "nothing traced" is said: long enough for a Spring Boot jar's own classes. */
    static final long NOTHING_AFTER_MILLIS = 3000;
    /** Calls a second past which a recording grows by tens of MB a second. */
    static final long FLOOD_CALLS_PER_SECOND = 1_000_000;
    /** The shortest stretch a rate is measured over. */
    private static final long RATE_WINDOW_MILLIS = 2000;
    private static final long POLL_MILLIS = 500;

    private final Supplier<Iterable<RecordSession.JvmRecording>> jvms;
    private final boolean includesGiven;
    private final PrintWriter err;
    private final Map<Long, long[]> firstSample = new HashMap<>();
    private final Set<Long> toldNothing = new HashSet<>();
    private final Set<Long> toldFlood = new HashSet<>();
    private volatile boolean closed;
    private Thread thread;

    EarlyWarnings(Supplier<Iterable<RecordSession.JvmRecording>> jvms, boolean includesGiven, PrintWriter err) {
        this.jvms = Objects.requireNonNull(jvms, "jvms");
        this.includesGiven = includesGiven;
        this.err = Objects.requireNonNull(err, "err");
    }

    EarlyWarnings start() {
        thread = new Thread(this, "flowtrace-early-warnings");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                Thread.sleep(POLL_MILLIS);
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks at every JVM's latest counts once; public to the package for tests. */
    synchronized void check() {
        Iterable<RecordSession.JvmRecording> current;
        try {
            current = jvms.get();
        } catch (RuntimeException e) {
            return; // a sidecar being replaced: the next look sees it whole
        }
        for (RecordSession.JvmRecording jvm : current) {
            if (!jvm.exited() && jvm.progressMillis() > 0) {
                check(jvm);
            }
        }
    }

    private void check(RecordSession.JvmRecording jvm) {
        long pid = jvm.pid();
        String who = "pid " + pid + " (" + jvm.mainName() + ")";
        long ran = jvm.progressMillis() - jvm.startMillis();
        if (jvm.instrumentedMethods() == 0 && !jvm.launcher() && ran >= NOTHING_AFTER_MILLIS && toldNothing.add(pid)) {
            say(String.format(Locale.ROOT, "flowtrace: warning: nothing traced in %s after %d s: no @Trace methods "
                    + "and %s yet; name what to trace with %s", who, ran / 1000,
                    includesGiven ? "nothing matched --include" : "no application classes", jvm.includeHint()));
        }
        long[] first = firstSample.computeIfAbsent(pid, p -> new long[] {jvm.progressMillis(), jvm.tracedCalls()});
        long span = jvm.progressMillis() - first[0];
        if (span >= RATE_WINDOW_MILLIS && !toldFlood.contains(pid)) {
            long rate = (jvm.tracedCalls() - first[1]) * 1000 / span;
            if (rate > FLOOD_CALLS_PER_SECOND) {
                toldFlood.add(pid);
                say(String.format(Locale.ROOT, "flowtrace: warning: %s is tracing %.1f M calls a second (%,d so "
                        + "far): the recording grows fast and reads slowly; narrow it with %s or --exclude "
                        + "PATTERN", who, rate / 1e6, jvm.tracedCalls(), includesGiven ? "fewer --include patterns"
                        : jvm.includeHint()));
            }
            first[0] = jvm.progressMillis(); // the next rate over the next stretch: a burst later in the run counts
            first[1] = jvm.tracedCalls();
        }
    }

    private void say(String line) {
        err.println(line);
        err.flush();
    }

    /** Whether "nothing traced" was already said of that JVM. */
    synchronized boolean toldNothing(long pid) {
        return toldNothing.contains(pid);
    }

    /** Whether the flood of calls was already said of that JVM. */
    synchronized boolean toldFlood(long pid) {
        return toldFlood.contains(pid);
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
