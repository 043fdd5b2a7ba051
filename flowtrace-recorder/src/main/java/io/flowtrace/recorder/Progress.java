package io.flowtrace.recorder;

import java.io.IOException;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Writes the counts so far into the session's sidecar once a second while the program runs, so that
 * {@code flowtrace record} can warn within seconds, not only at exit, when the selection traces nothing or floods.
 */
final class Progress implements Runnable {
    static final long PERIOD_MILLIS = 1000;

    private final Sidecar sidecar;
    private final LongSupplier tracedCalls;
    private final IntSupplier instrumentedMethods;
    private volatile boolean stopped;

    Progress(Sidecar sidecar, LongSupplier tracedCalls, IntSupplier instrumentedMethods) {
        this.sidecar = Objects.requireNonNull(sidecar, "sidecar");
        this.tracedCalls = Objects.requireNonNull(tracedCalls, "tracedCalls");
        this.instrumentedMethods = Objects.requireNonNull(instrumentedMethods, "instrumentedMethods");
    }

    /** Starts the writer on a daemon thread; it ends with {@link #stop()} or the JVM. */
    Progress start() {
        Thread thread = new Thread(this, "flowtrace-progress");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** No more writes: the exit summary owns the sidecar from now on. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Thread.sleep(PERIOD_MILLIS);
                write();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // a sidecar that cannot be written now will be written at exit, or its absence reported there
        }
    }

    private void write() throws IOException {
        synchronized (sidecar) {
            if (!stopped) {
                sidecar.put("progressMillis", System.currentTimeMillis()).put("tracedCalls", tracedCalls.getAsLong())
                        .put("instrumentedMethods", instrumentedMethods.getAsInt()).write();
            }
        }
    }
}
