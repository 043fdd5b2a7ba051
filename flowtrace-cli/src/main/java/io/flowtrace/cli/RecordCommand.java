package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace record}: runs a command with the agent in every JVM it starts, then says what was recorded. */
@Command(name = "record",
        description = {"Run a command with FlowTrace's agent in every JVM it starts (through JAVA_TOOL_OPTIONS).",
                "The command's stdin, stdout, stderr and exit code pass through; 'record' exits with its code.",
                "Ctrl-C reaches the command as usual; INT, TERM or HUP sent to 'record' alone is passed on to it."},
        mixinStandardHelpOptions = true,
        footer = {"", "Traced by default: methods annotated @io.flowtrace.Trace, and the application's own classes "
                + "(class folders, the main jar, a Spring Boot jar's BOOT-INF/classes; not the JDK, not dependency "
                + "jars, not a launcher); --include replaces the latter. A JVM that traces nothing after 3 s, or "
                + "over a million calls a second, is named while it runs.",
                "Patterns: com.acme.** (package and subpackages), com.acme.* (classes of the package), "
                        + "com.acme.Foo (a class), com.acme.Foo::bar (a method).",
                "", "Examples:",
                "  flowtrace record -- java -cp app Fib",
                "  flowtrace record -o shop.jfr --include 'com.acme.**' -- java -jar shop.jar",
                "  flowtrace record --include 'com.sun.tools.javac.main.**' -- javac Hello.java"})
final class RecordCommand implements Callable<Integer> {
    /** Calls past which a recording is large enough to deserve a hint to narrow it. */
    private static final long FLOOD_CALLS = 10_000_000;
    /** Agent warnings printed per JVM; the rest are counted. */
    private static final int MAX_AGENT_WARNINGS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "flowtrace.jfr",
            description = "Where to write the recording (default: ${DEFAULT-VALUE}). Further JVMs write FILE's "
                    + "name with -<pid> added.")
    Path output;

    @Mixin
    AgentSettings settings;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors, not the summary.")
    boolean quiet;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to run, after '--'.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        if (command.isEmpty()) {
            throw UserException.usage("no command given (usage: flowtrace record [options] -- <command...>)");
        }
        Map<String, String> options = settings.agentOptions();
        Path agentJar = settings.agentJar();
        Path target = output.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw UserException.usage("output is a directory: " + output);
        }

        PrintWriter err = spec.commandLine().getErr();
        try (RecordSession session = RecordSession.create()) {
            String agentArgument = session.agentArgument(agentJar, options);
            String inherited = System.getenv("JAVA_TOOL_OPTIONS");
            String repository = session.repositoryOption(inherited);
            String ours = repository == null ? agentArgument : repository + " " + agentArgument;
            String toolOptions = inherited == null || inherited.isBlank() ? ours : inherited + " " + ours;
            Process process = start(toolOptions);
            // signals are passed on until the recordings are collected, then handled as before
            try (Signals signals = Signals.forwardTo(process);
                 EarlyWarnings watch = new EarlyWarnings(session::recordings, !settings.includes.isEmpty(), err).start()) {
                int exitCode = waitFor(process, signals);
                watch.close(); // the summary below tells the rest
                early = watch;
                report(session, exitCode, err);
                err.flush();
                return exitCode != 0 ? exitCode : nothingRecorded ? ExitCodes.FAILURE : 0;
            }
        }
    }

    private boolean nothingRecorded;
    /** What was already said while the command ran. */
    private EarlyWarnings early;
    /** Copies the command's stderr without the JVMs' JAVA_TOOL_OPTIONS notice. */
    private Thread pump;

    private Process start(String toolOptions) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw cannotStart(e);
        }
        pump = new Thread(new StderrFilter(process.getErrorStream(), System.err, toolOptions), "flowtrace-stderr");
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    private int waitFor(Process process, Signals signals) {
        try {
            int code = process.waitFor();
            signals.await(TimeUnit.SECONDS.toMillis(10));
            // a grandchild that outlives the command may hold stderr open: do not wait for it forever
            pump.join(TimeUnit.SECONDS.toMillis(2));
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new UserException(ExitCodes.FAILURE, "interrupted while waiting for the command");
        }
    }

    private UserException cannotStart(IOException e) {
        String message = String.valueOf(e.getMessage());
        String program = command.get(0);
        if (message.contains("error=2,")) {
            return UserException.usage("command not found: " + program);
        }
        if (message.contains("error=13,")) {
            return UserException.usage("cannot run " + program + ": permission denied");
        }
        return UserException.usage("cannot run " + program + ": " + message);
    }

    private void report(RecordSession session, int exitCode, PrintWriter err) {
        List<RecordSession.JvmRecording> jvms = session.recordings();
        if (jvms.isEmpty()) {
            nothingRecorded = true;
            err.println("flowtrace record: no JVM ran with the agent under '" + String.join(" ", command)
                    + "': nothing recorded");
            return;
        }
        Path first = output;
        List<String> lines = new ArrayList<>();
        boolean anyRecording = false;
        boolean anyTraced = jvms.stream().anyMatch(jvm -> jvm.instrumentedMethods() > 0);
        for (int i = 0; i < jvms.size(); i++) {
            RecordSession.JvmRecording jvm = jvms.get(i);
            Path target = i == 0 ? first : withPid(first, jvm.pid());
            String where;
            if (!jvm.exited() && isEmpty(jvm.recording())) { // killed before JFR could write the file
                if (!salvage(session, jvm, target, err)) {
                    continue;
                }
                where = target.toString();
                anyRecording = true;
            } else if (Files.isRegularFile(jvm.recording())) {
                try {
                    RecordSession.move(jvm.recording(), target);
                    where = target.toString();
                    anyRecording = true;
                } catch (IOException e) {
                    where = jvm.recording().toString();
                    err.println("flowtrace record: cannot write " + target + " (" + e.getMessage() + "); the "
                            + "recording stays at " + jvm.recording());
                    anyRecording = true;
                }
            } else {
                err.println("flowtrace record: pid " + jvm.pid() + " (" + jvm.mainName() + ") ended without "
                        + "writing its recording" + (jvm.exited() ? "" : " (killed?)"));
                continue;
            }
            lines.add(String.format(Locale.ROOT, "%s  pid %d  %s  %s", where, jvm.pid(), jvm.mainName(),
                    calls(jvm)));
            warn(jvm, settings, anyTraced, early, err);
        }
        nothingRecorded = !anyRecording;
        if (quiet || lines.isEmpty()) {
            return;
        }
        if (lines.size() == 1) {
            RecordSession.JvmRecording jvm = jvms.get(0);
            String where = lines.get(0).substring(0, lines.get(0).indexOf("  pid "));
            if (!jvm.exited()) {
                err.println("flowtrace: recorded " + calls(jvm) + " → " + where);
                return;
            }
            err.println(summary(jvm, where));
        } else {
            err.println("flowtrace: recorded " + lines.size() + " JVMs:");
            for (String line : lines) {
                err.println("  " + line);
            }
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return !Files.isRegularFile(file) || Files.size(file) == 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Saves what JFR had flushed to disk of a JVM that was killed; says what happened either way. */
    private boolean salvage(RecordSession session, RecordSession.JvmRecording jvm, Path target, PrintWriter err) {
        String who = "pid " + jvm.pid() + " (" + jvm.mainName() + ")";
        Salvage.Result rescued;
        try {
            rescued = Salvage.rescue(session.repository(), jvm.pid(), target);
        } catch (IOException | RuntimeException e) {
            session.keep();
            err.println("flowtrace record: " + who + " was killed before writing its recording, and its flushed "
                    + "data could not be saved to " + target + " (" + e.getMessage() + "); it stays in "
                    + session.repository());
            return false;
        }
        if (rescued == null) {
            err.println("flowtrace record: " + who + " was killed before writing its recording, and nothing of "
                    + "it had reached the disk yet (JFR flushes about once a second)");
            return false;
        }
        err.println("flowtrace record: warning: " + who + " was killed before writing its recording; saved what "
                + "had reached the disk: the tail is missing (about the last second), calls still open show as "
                + "running");
        return true;
    }

    /** The one line that says what a JVM's recording holds, e.g. {@code flowtrace: recorded 10 calls → x.jfr (...)}. */
    static String summary(RecordSession.JvmRecording jvm, String where) {
        return String.format(Locale.ROOT, "flowtrace: recorded %,d call%s → %s (%,d method%s instrumented%s)",
                jvm.tracedCalls(), jvm.tracedCalls() == 1 ? "" : "s", where, jvm.instrumentedMethods(),
                jvm.instrumentedMethods() == 1 ? "" : "s", failed(jvm));
    }

    /** The warnings about one JVM's recording: nothing traced, too much traced, the agent's own, size limit. */
    static void warn(RecordSession.JvmRecording jvm, AgentSettings settings, PrintWriter err) {
        warn(jvm, settings, false, null, err);
    }

    /**
     * As {@link #warn(RecordSession.JvmRecording, AgentSettings, PrintWriter)}, less what was said while it ran.
     *
     * @param anyTraced whether another JVM traced something: a launcher's JVM (Maven's, a server's bootstrap) that
     *                  traced nothing is then as expected, not worth a warning
     * @param early     what was said while the command ran, or null
     */
    static void warn(RecordSession.JvmRecording jvm, AgentSettings settings, boolean anyTraced, EarlyWarnings early,
            PrintWriter err) {
        String who = "pid " + jvm.pid() + " (" + jvm.mainName() + ")";
        if (jvm.instrumentedMethods() == 0 && jvm.ended()) {
            if ((early == null || !early.toldNothing(jvm.pid())) && !(jvm.launcher() && anyTraced)) {
                err.println("flowtrace: warning: nothing was traced in " + who + ": no @Trace methods"
                        + (settings.includes.isEmpty() ? " and no application classes"
                        : " and nothing matched --include") + "; name what to trace with " + jvm.includeHint());
            }
        } else if (jvm.tracedCalls() > FLOOD_CALLS && (early == null || !early.toldFlood(jvm.pid()))) {
            err.println(String.format(Locale.ROOT, "flowtrace: warning: %,d calls traced in %s: narrow it with "
                    + "--include/--exclude for a smaller, faster recording", jvm.tracedCalls(), who));
        }
        // the agent keeps its warnings out of the program's stderr: they are told here
        List<String> agentWarnings = jvm.warnings();
        for (int i = 0; i < Math.min(agentWarnings.size(), MAX_AGENT_WARNINGS); i++) {
            err.println("flowtrace: warning: " + who + ": " + agentWarnings.get(i));
        }
        long untold = Math.max(jvm.warningCount(), agentWarnings.size()) - Math.min(agentWarnings.size(),
                MAX_AGENT_WARNINGS);
        if (untold > 0) {
            err.println("flowtrace: warning: " + who + ": " + untold + " more warning" + (untold == 1 ? "" : "s"));
        }
        if (jvm.sizeLimitReached()) {
            err.println("flowtrace: warning: the recording of " + who + " reached --max-size " + settings.maxSize
                    + ": its oldest data was dropped");
        }
    }

    private static String calls(RecordSession.JvmRecording jvm) {
        if (!jvm.exited()) {
            return "the calls until it was killed"; // its agent never wrote the counts
        }
        return String.format(Locale.ROOT, "%,d call%s, %,d method%s instrumented%s", jvm.tracedCalls(),
                jvm.tracedCalls() == 1 ? "" : "s", jvm.instrumentedMethods(),
                jvm.instrumentedMethods() == 1 ? "" : "s", failed(jvm));
    }

    /** The classes the agent could not instrument, counted in the summary (the agent's debug option names them). */
    private static String failed(RecordSession.JvmRecording jvm) {
        long errors = jvm.instrumentationErrors();
        return errors == 0 ? "" : String.format(Locale.ROOT, ", %,d class%s could not be", errors,
                errors == 1 ? "" : "es");
    }

    /** {@code out/flowtrace.jfr} and pid 42 give {@code out/flowtrace-42.jfr}. */
    static Path withPid(Path file, long pid) {
        return withSuffix(file, "-" + pid);
    }

    /** {@code out/flowtrace.jfr} and {@code -x} give {@code out/flowtrace-x.jfr}. */
    static Path withSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + suffix + extension);
    }
}
