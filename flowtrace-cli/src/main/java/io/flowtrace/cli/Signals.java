package io.flowtrace.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps {@code record} alive through Ctrl-C, INT, TERM and HUP so it can collect the recordings, and makes the
 * command get each signal exactly once, as it would without FlowTrace.
 *
 * <p>A signal reaches {@code record} either with the whole process group (Ctrl-C in a terminal, {@code kill
 * -INT -PGID}): the command got it too; or alone ({@code kill -INT PID} from another terminal, a supervisor, a CI
 * runner): it must be passed on. Java does not say who sent a signal, so {@code record} looks at the command's
 * processes for a short while: one that got the signal has it pending or (a JVM) runs a thread "SIGINT handler",
 * or the command is exiting; if none of that shows, the signal was meant for {@code record} alone and is passed on
 * to the processes a Ctrl-C would have reached: the command and those of its descendants that stayed in {@code
 * record}'s process group (a shell script and the JVMs it started alike). A program that handles the signal
 * itself without exiting, faster than record looks (a JVM's handler thread is usually seen even when it only
 * prints a line), shows none of that and gets a signal sent to the whole group twice.
 */
final class Signals implements AutoCloseable {
    /** How long the command's processes are watched for a sign that the signal reached them already. */
    private static final long WATCH_MILLIS = 500;
    private static final Path PROC = Path.of("/proc");

    /** Descendants signalled by {@code record}; it waits for them after the command ended, see {@link #await}. */
    private final Set<ProcessHandle> signalled = ConcurrentHashMap.newKeySet();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Process process;

    private Signals(Process process) {
        this.process = process;
    }

    /** Handles the signals until {@link #close}. */
    static Signals forwardTo(Process process) {
        Signals signals = new Signals(process);
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, s -> signals.received(s.getName())));
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // the signal does not exist here or the JVM reserves it: keep the default
            }
        }
        return signals;
    }

    /** Puts back the handlers there were before (the CLI may run inside another program, e.g. a test). */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }

    /**
     * Waits a bounded time for the processes {@code record} passed a signal on to, once the command ended: a shell
     * killed by TERM ends before the JVM it started has written its recording.
     */
    void await(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (ProcessHandle each : signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                each.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                return; // still running, or we were interrupted: report what there is
            }
        }
    }

    private void received(String name) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> targets = targets();
        // one sent to the whole group shows in the command's processes within milliseconds; one to record alone never
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WATCH_MILLIS);
        do {
            if (anyGot(name, targets)) {
                return; // sent to the whole group: the command has it already
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        send(name, targets);
    }

    /** The command, and its descendants that a signal to record's process group would reach. */
    private List<ProcessHandle> targets() {
        List<ProcessHandle> targets = new ArrayList<>();
        targets.add(process.toHandle());
        long group = processGroup(ProcessHandle.current().pid());
        process.descendants().filter(p -> group > 0 && processGroup(p.pid()) == group).forEach(targets::add);
        return targets;
    }

    /**
     * Whether one of the processes shows that it got the signal. An exit counts for the command only: the
     * command's own helpers come and go all the time.
     */
    private boolean anyGot(String name, List<ProcessHandle> targets) {
        for (ProcessHandle each : targets) {
            boolean command = each.pid() == process.pid();
            if (!each.isAlive()) {
                if (command) {
                    return true;
                }
                continue;
            }
            switch (state(each.pid(), number(name))) {
                case PENDING:
                    return true;
                case EXITING:
                    if (command) {
                        return true;
                    }
                    continue;
                case UNKNOWN: // no /proc (not Linux): only the command's exit tells
                    continue;
                default:
                    break;
            }
            if (runsHandlerThread(each.pid(), "SIG" + name + " handler")) {
                return true;
            }
        }
        return false;
    }

    private enum State { RUNNING, PENDING, EXITING, UNKNOWN }

    /** From {@code /proc/PID/status}: whether the signal waits for delivery, or the process is exiting. */
    private static State state(long pid, int signal) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("State:") && (line.contains("zombie") || line.contains("dead"))) {
                    return State.EXITING;
                }
                if (signal > 0 && (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:"))
                        && (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1L << signal - 1) != 0) {
                    return State.PENDING;
                }
            }
            return State.RUNNING;
        } catch (IOException | RuntimeException e) {
            return State.UNKNOWN;
        }
    }

    /** Whether a JVM runs the thread it starts to handle a signal (named "SIGINT handler" and so on). */
    private static boolean runsHandlerThread(long pid, String threadName) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
                        return true;
                    }
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile, or there is no /proc
        }
        return false;
    }

    /** The process group of a process from {@code /proc/PID/stat}, or -1. */
    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // "pid (comm) state ppid pgrp ...": the command name may hold spaces and parentheses
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int number(String name) {
        return switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> 0;
        };
    }

    private void send(String name, List<ProcessHandle> targets) {
        List<String> kill = new ArrayList<>(List.of("kill", "-s", name));
        for (ProcessHandle each : targets) {
            if (each.isAlive()) {
                kill.add(Long.toString(each.pid()));
                if (!each.equals(process.toHandle())) {
                    signalled.add(each);
                }
            }
        }
        if (kill.size() == 3) {
            return;
        }
        try {
            new ProcessBuilder(kill).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            process.destroy();
        }
    }
}
