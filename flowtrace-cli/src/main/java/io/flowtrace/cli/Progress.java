package io.flowtrace.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flowtrace.analyzer.ReadProgress;

/**
 * Shows how much of a long read is done, as a percentage on stderr, only when stderr is a terminal and the read
 * takes more than a second; it erases itself when done.
 */
final class Progress implements ReadProgress, AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;

    private final PrintStream terminal;
    private final long started = System.nanoTime();
    private int shown = -1;

    private Progress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** A progress display for reading {@code file}, or a silent one when stderr is not a terminal. */
    static Progress onTerminal(Path file) {
        return new Progress(stderrIsTerminal() ? System.err : null);
    }

    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            return false;
        }
        return System.console() != null; // elsewhere: the best the JDK tells
    }

    @Override
    public synchronized void update(double fraction) {
        if (terminal == null || System.nanoTime() - started < DELAY_NANOS) {
            return;
        }
        int percent = (int) Math.max(0, Math.min(100, fraction * 100));
        if (percent != shown) {
            shown = percent;
            terminal.print("\rflowtrace: reading " + percent + "%");
            terminal.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (terminal != null && shown >= 0) {
            terminal.print("\r\033[K");
            terminal.flush();
        }
    }
}
