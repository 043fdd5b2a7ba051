package io.flowtrace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowtrace attach}: loads the agent into a running JVM, records until told to stop, then takes every
 * instrumentation out again and says what was recorded. The JVM runs on as before.
 */
@Command(name = "attach",
        description = {"Record a JVM that is already running: load FlowTrace's agent into it (Attach API, same user, "
                + "Java 17 or newer), trace the selected classes until --duration ends, Enter or Ctrl-C, then "
                + "remove every instrumentation again and write the recording, with a final thread dump.",
                "Calls that were running at the attach show as open calls since before the attach; tasks forked "
                        + "before it show in 'flowtrace tasks' with their thread and where they wait.",
                "On Java 21 and newer the JVM prints a warning about a dynamically loaded agent on its stderr; "
                        + "-XX:+EnableDynamicAgentLoading in its options allows it silently."},
        mixinStandardHelpOptions = true,
        footer = {"", "Traced by default: methods annotated @io.flowtrace.Trace, and the application's own classes "
                + "(class folders and the main jar; not the JDK, not dependency jars); --include replaces the "
                + "latter.",
                "", "Examples:",
                "  flowtrace attach 4711",
                "  flowtrace attach --duration 30s --include 'com.acme.**' -o hang.jfr $(pgrep -f com.acme.Server)",
                "  flowtrace attach --duration 10s 4711 && flowtrace tasks flowtrace-4711.jfr"})
final class AttachCommand implements Callable<Integer> {
    /** The file in the session folder that asks the agent to detach (the agent's DETACH_REQUEST). */
    private static final String DETACH_REQUEST = "detach";
    /** How long putting the classes back and writing the recording may take. */
    private static final long DETACH_TIMEOUT_SECONDS = 120;
    private static final long POLL_MILLIS = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    AgentSettings settings;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the recording (default: flowtrace-PID.jfr).")
    Path output;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long, e.g. 30s, 5m or 1h "
            + "(default: when Enter is pressed or on Ctrl-C).")
    String duration;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors, not the summary.")
    boolean quiet;

    @Parameters(paramLabel = "PID", description = "Process id of the JVM (as 'jps' or 'ps' shows it).")
    long pid;

    /** Where Enter is read from: the terminal when run from {@link Main#main}, none in tests. */
    InputStream stdin;

    @Override
    public Integer call() {
        Map<String, String> options = settings.agentOptions();
        Path agentJar = settings.agentJar();
        long nanos = duration == null ? 0 : Durations.parseNanos(duration, "--duration");
        Path target = (output != null ? output : Path.of("flowtrace-" + pid + ".jfr")).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw UserException.usage("output is a directory: " + target);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (TargetJvm jvm = TargetJvm.attach(pid); RecordSession session = RecordSession.create()) {
            options.put("watch", Long.toString(ProcessHandle.current().pid()));
            jvm.loadAgent(agentJar, "@" + session.writeOptions(options, "attach"));
            RecordSession.JvmRecording started = sidecar(session);
            if (started == null || started.disabled()) {
                throw new UserException(ExitCodes.FAILURE, "the agent could not start in pid " + pid + ": "
                        + (started == null ? "it left no word (its stderr may say why)" : started.error()));
            }
            if (!quiet) {
                err.println(String.format(Locale.ROOT, "flowtrace: attached to pid %d (%s): %,d method%s "
                        + "instrumented; recording %s", pid, started.mainName(), started.instrumentedMethods(),
                        started.instrumentedMethods() == 1 ? "" : "s", duration != null
                        ? "for " + duration + " (or until Enter or Ctrl-C)" : "until Enter or Ctrl-C"));
                err.flush();
            }
            String why;
            try (StopSignals stop = StopSignals.install()) {
                why = awaitStop(stop.stopped(), nanos);
                if (!why.equals("exited")) {
                    requestDetach(session);
                }
            }
            return report(session, awaitEnd(session), target, why, err);
        }
    }

    /** Waits for the first of: the duration, Enter, a signal, the JVM's exit; returns which. */
    private String awaitStop(CompletableFuture<String> stop, long nanos) {
        if (nanos > 0) {
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> stop.complete("duration"));
        }
        ProcessHandle.of(pid).ifPresentOrElse(process -> process.onExit().thenRun(() -> stop.complete("exited")),
                () -> stop.complete("exited"));
        if (stdin != null) {
            Thread enter = new Thread(() -> awaitEnter(stop), "flowtrace-enter");
            enter.setDaemon(true);
            enter.start();
        }
        try {
            return stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "interrupted";
        }
    }

    private void awaitEnter(CompletableFuture<String> stop) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
            if (reader.readLine() != null) { // end of input (no terminal) leaves the other ways to stop
                stop.complete("enter");
            }
        } catch (IOException e) {
            // no input to read: the other ways to stop remain
        }
    }

    /** Asks the agent to put every class back and write the recording (it looks for the file). */
    private void requestDetach(RecordSession session) {
        try {
            Files.createFile(session.dir().resolve(DETACH_REQUEST));
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot ask pid " + pid + " to detach: " + e.getMessage()
                    + " (it detaches by itself when this command ends)", e);
        }
    }

    /** What the agent said once the session ended: detached, or the JVM exited; null if neither came in time. */
    private RecordSession.JvmRecording awaitEnd(RecordSession session) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DETACH_TIMEOUT_SECONDS);
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        while (true) {
            RecordSession.JvmRecording jvm = sidecar(session);
            boolean alive = process.map(ProcessHandle::isAlive).orElse(false);
            if (jvm != null && jvm.ended() || System.nanoTime() - deadline > 0) {
                return jvm;
            }
            if (!alive) { // gone without a word: its exit hook may be writing still
                deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return jvm;
            }
        }
    }

    private int report(RecordSession session, RecordSession.JvmRecording jvm, Path target, String why,
                       PrintWriter err) {
        if (jvm == null || !jvm.ended() || !Files.isRegularFile(jvm.recording())) {
            throw new UserException(ExitCodes.FAILURE, "pid " + pid + (why.equals("exited")
                    ? " ended without writing its recording (killed?)" : " did not write its recording"));
        }
        if (why.equals("exited")) {
            err.println("flowtrace: pid " + pid + " exited while attached");
        }
        try {
            RecordSession.move(jvm.recording(), target);
        } catch (IOException e) {
            session.keep();
            throw new UserException(ExitCodes.FAILURE, "cannot write " + target + " (" + e.getMessage() + "); the "
                    + "recording stays at " + jvm.recording(), e);
        }
        String where = output != null ? output.toString() : target.getFileName().toString();
        if (!quiet) {
            err.println(RecordCommand.summary(jvm, where));
        }
        RecordCommand.warn(jvm, settings, err);
        List<String> unrestored = jvm.unrestored();
        if (!unrestored.isEmpty()) {
            err.println("flowtrace: warning: " + unrestored.size() + (unrestored.size() == 1 ? " class" : " classes")
                    + " of pid " + pid + " could not be put back as they were, and keep recording nothing: "
                    + String.join(", ", unrestored));
        }
        err.flush();
        return ExitCodes.OK;
    }

    /** What the agent wrote about the session so far, or null when it wrote nothing. */
    private RecordSession.JvmRecording sidecar(RecordSession session) {
        return session.recordings().stream().filter(each -> each.pid() == pid).findFirst().orElse(null);
    }
}
