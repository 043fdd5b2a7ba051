package io.flowtrace.cli;

import java.io.IOException;

import sun.misc.Signal;

/**
 * Keeps {@code record} alive through Ctrl-C and termination so it can collect the recordings: the command gets
 * each signal exactly once, as it would without FlowTrace.
 */
final class Signals {
    private Signals() {
    }

    static void forwardTo(Process process) {
        // Ctrl-C reaches the whole foreground process group, the command included: just survive it.
        handle("INT", signal -> { });
        // TERM and HUP are usually sent to this process alone: pass them on.
        handle("TERM", signal -> forward(process, signal.getName()));
        handle("HUP", signal -> forward(process, signal.getName()));
    }

    private static void handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // the signal does not exist here or the JVM reserves it: keep the default
        }
    }

    private static void forward(Process process, String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            process.destroy();
        }
    }
}
