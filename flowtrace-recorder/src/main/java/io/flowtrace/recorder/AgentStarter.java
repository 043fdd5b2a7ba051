package io.flowtrace.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flowtrace.FlowTrace;
import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.recorder.AgentOptions.OptionsException;
import io.flowtrace.recorder.async.AsyncGroup;
import io.flowtrace.recorder.async.AsyncInstrumenter;
import io.flowtrace.recorder.runtime.CallClock;
import io.flowtrace.recorder.runtime.Hooks;
import io.flowtrace.recorder.runtime.MethodRegistry;
import io.flowtrace.recorder.runtime.TaskHooks;
import io.flowtrace.recorder.runtime.TaskTracer;
import io.flowtrace.recorder.runtime.Tracer;
import io.flowtrace.recorder.runtime.ValueRenderer;
import jdk.jfr.FlightRecorder;

/**
 * Starts a FlowTrace session in this JVM: reads the options, starts the recording, installs the
 * instrumentation and, at exit, writes the summary. Loaded by the bootstrap class loader from the agent jar;
 * {@link FlowTraceAgent} calls {@link #start} and reports whatever it throws.
 */
public final class AgentStarter {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private final AgentOptions options;
    private final Diagnostics diagnostics;
    private final long pid = ProcessHandle.current().pid();
    private final String command = System.getProperty("sun.java.command", "");
    private final String version = version();
    private final Sidecar sidecar;
    private MethodRegistry registry;
    private Tracer tracer;
    private Instrumenter instrumenter;
    private FlowTraceRecording recording;
    private Progress progress;
    private volatile boolean sizeLimitReached;

    private AgentStarter(AgentOptions options, PrintStream stderr) {
        this.options = options;
        this.diagnostics = new Diagnostics(stderr, options.session != null, options.debug);
        this.sidecar = options.session == null ? null : new Sidecar(options.session.resolve(pid + ".properties"));
    }

    /**
     * Starts recording; throws when the agent cannot run, with the reason as message.
     *
     * @param arguments the text after {@code =} in {@code -javaagent:flowtrace-agent.jar=...}, or null
     */
    public static void start(String arguments, Instrumentation instrumentation) throws Exception {
        if (!STARTED.compareAndSet(false, true)) {
            throw new IllegalStateException("already started in this JVM");
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (OptionsException e) {
            tellSession(arguments, e.getMessage());
            throw e;
        }
        AgentStarter starter = new AgentStarter(options, System.err);
        try {
            starter.run(instrumentation);
        } catch (Exception | LinkageError e) {
            starter.abandon(e.toString());
            throw e;
        }
    }

    private void run(Instrumentation instrumentation) throws Exception {
        if (!FlightRecorder.isAvailable()) {
            throw new IllegalStateException("JFR is not available in this JVM");
        }
        Path output = options.session != null ? options.session.resolve(pid + ".jfr")
                : options.output != null ? options.output : Path.of("flowtrace-" + pid + ".jfr").toAbsolutePath();
        // Byte Buddy warms up on another thread while JFR starts on this one; nothing is instrumented before the
        // recording runs, so no call can be missed
        WarmUp warmUp = WarmUp.start();
        long started = System.nanoTime();
        FlowTraceRecording.registerEvents();
        registry = new MethodRegistry(FlowTraceRecording::define);
        recording = FlowTraceRecording.start(output, options.maxSize, registry, this::agentInfo, this::flushCalls);
        diagnostics.debug("recording started in " + millisSince(started) + " ms");
        AppCode appCode = AppCode.ofThisJvm();
        if (sidecar != null) {
            sidecar.put("pid", pid).put("command", command).put("java.version", System.getProperty("java.version"))
                    .put("startMillis", System.currentTimeMillis()).put("output", output)
                    .put("flowtraceVersion", version).put("status", "running").put("sizeLimitReached", false)
                    .put("launcher", appCode.launcherOfUnknownApplication())
                    .put("suggestedInclude", Objects.toString(appCode.suggestedInclude(), ""))
                    .write();
        }
        tracer = new Tracer(registry, new ValueRenderer(options.values, options.maxString), diagnostics::warn);
        CallClock.start(options.exactTiming, tracer::flushAll);
        Hooks.install(tracer);
        TraceSelection selection = new TraceSelection(options.includes, options.excludes, appCode);
        instrumenter = new Instrumenter(selection, new MethodIdMapping(registry, new SecretNames(options.secrets)),
                options.values, diagnostics);
        started = System.nanoTime();
        Throwable warmUpFailure = warmUp.join();
        if (warmUpFailure != null) {
            diagnostics.debug(warmUpFailure);
        }
        diagnostics.debug("waited " + millisSince(started) + " ms for the warm-up");
        started = System.nanoTime();
        instrumenter.install(instrumentation);
        diagnostics.debug("method instrumentation installed in " + millisSince(started) + " ms");
        TaskTracer tasks = new TaskTracer(tracer);
        FlowTrace.install(tasks);
        if (options.disabled.size() < AsyncGroup.values().length) {
            started = System.nanoTime();
            AsyncInstrumenter.install(instrumentation, options.disabled, tasks,
                    (type, failure) -> instrumenter.failed(type, " for tasks", failure));
            diagnostics.debug("task instrumentation installed in " + millisSince(started) + " ms");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "flowtrace-exit"));
        if (sidecar != null) {
            progress = new Progress(sidecar, tracer::tracedCalls, registry::size).start();
        }
        if (options.maxSize > 0) {
            Thread watch = new Thread(this::watchSize, "flowtrace-size-watch");
            watch.setDaemon(true);
            watch.start();
        }
        diagnostics.debug("recording to " + output);
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** Commits the calls every thread recorded so far (at the end of each chunk, the recording's last included). */
    private void flushCalls() {
        Tracer active = tracer;
        if (active != null) {
            active.flushAll();
        }
    }

    private AgentInfoEvent agentInfo() {
        AgentInfoEvent event = new AgentInfoEvent();
        event.version = version;
        event.includes = options.includes.toString();
        event.excludes = options.excludes.toString();
        event.values = options.values.optionValue();
        event.command = command;
        return event;
    }

    /** Notes once that the recording reached maxSize, so older data is now being dropped. */
    private void watchSize() {
        try {
            while (recording.size() < options.maxSize) {
                Thread.sleep(1000);
            }
            sizeLimitReached = true;
            if (sidecar != null) {
                sidecar.put("sizeLimitReached", true).write();
            } else {
                diagnostics.always("recording reached maxSize=" + options.maxSize
                        + " bytes; older calls are being dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            diagnostics.debug(e);
        }
    }

    private void atExit() {
        int methods = registry.size();
        boolean full = sizeLimitReached || options.maxSize > 0 && recording.size() >= options.maxSize;
        if (sidecar != null) {
            if (progress != null) {
                progress.stop();
            }
            sidecar.put("status", "exited").put("exitMillis", System.currentTimeMillis())
                    .put("instrumentedMethods", methods).put("tracedCalls", tracer.tracedCalls())
                    .put("instrumentationErrors", instrumenter.errors())
                    .put("sizeLimitReached", full)
                    .put("warnings", diagnostics.warningCount());
            List<String> warnings = diagnostics.warnings();
            for (int i = 0; i < warnings.size(); i++) {
                sidecar.put("warning." + (i + 1), warnings.get(i));
            }
            try {
                sidecar.write();
            } catch (IOException | RuntimeException e) {
                diagnostics.always("could not write " + sidecar.file() + ": " + e);
            }
            return;
        }
        int errors = instrumenter.errors();
        if (errors > 0) {
            diagnostics.always(errors + (errors == 1 ? " class" : " classes") + " could not be instrumented: what "
                    + "ran in " + (errors == 1 ? "it" : "them") + " may be missing (debug=true names them)");
        }
        if (methods == 0) {
            String excluded = options.excludes.isEmpty() ? "" : " outside exclude=" + patterns(options.excludes);
            diagnostics.always("nothing traced: " + (options.includes.isEmpty()
                    ? "no class was loaded from a directory or the main jar" + excluded + " (try include=com.acme.**)"
                    : "no loaded class matched include=" + patterns(options.includes) + excluded));
        }
    }

    /** Patterns as the user wrote them. */
    private static String patterns(TracePatterns patterns) {
        return patterns.toString().replace(',', '|');
    }

    /** Undoes a start that failed half way, and tells the session (if any) why. */
    private void abandon(String reason) {
        Hooks.install(null);
        TaskHooks.install(null);
        if (recording != null) {
            recording.close();
        }
        if (sidecar != null) {
            writeDisabled(sidecar, reason);
        }
    }

    private static void tellSession(String arguments, String reason) {
        try {
            Map<String, String> raw = AgentOptions.raw(arguments);
            if (raw.containsKey("session") && !raw.get("session").isEmpty()) {
                long pid = ProcessHandle.current().pid();
                writeDisabled(new Sidecar(Path.of(raw.get("session")).toAbsolutePath().resolve(pid + ".properties"))
                        .put("pid", pid).put("command", System.getProperty("sun.java.command", "")), reason);
            }
        } catch (OptionsException | RuntimeException e) {
            // the options are too broken to find the session; stderr has the reason
        }
    }

    private static void writeDisabled(Sidecar sidecar, String reason) {
        try {
            sidecar.put("status", "disabled").put("error", reason).write();
        } catch (IOException | RuntimeException e) {
            // stderr has the reason
        }
    }

    private static String version() {
        try (InputStream in = AgentStarter.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
