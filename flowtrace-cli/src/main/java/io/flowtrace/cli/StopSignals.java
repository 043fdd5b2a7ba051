package io.flowtrace.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C, INT, TERM and HUP into a request to stop, so that {@code attach} can take its instrumentation out of
 * the JVM before it exits, instead of dying on the first signal.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    private StopSignals() {
    }

    /** Handles the signals until {@link #close}. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, s -> signals.stopped.complete("signal")));
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // the signal does not exist here or the JVM reserves it: keep the default
            }
        }
        return signals;
    }

    /** Completed with "signal" when one of the signals came; others may complete it for their own reasons. */
    CompletableFuture<String> stopped() {
        return stopped;
    }

    /** Puts back the handlers there were before. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
