package io.flowtrace.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flowtrace.FlowTrace;
import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.recorder.AgentOptions.OptionsException;
import io.flowtrace.recorder.runtime.CallClock;
import io.flowtrace.recorder.runtime.HookClasses;
import io.flowtrace.recorder.runtime.Hooks;
import io.flowtrace.recorder.runtime.MethodInfo;
import io.flowtrace.recorder.runtime.MethodRegistry;
import io.flowtrace.recorder.runtime.TaskHooks;
import io.flowtrace.recorder.runtime.TaskTracer;
import io.flowtrace.recorder.runtime.Tracer;
import io.flowtrace.recorder.runtime.ValueRenderer;
import jdk.jfr.FlightRecorder;

/**
 * Starts a FlowTrace session in this JVM: reads the options, starts the recording, installs the
 * instrumentation and, at exit, writes the summary; a session that {@code flowtrace attach} started is undone
 * again when the CLI asks (a file {@value #DETACH_REQUEST} in the session folder) or is gone. Loaded by the
 * bootstrap class loader from the agent jar; {@link FlowTraceAgent} calls {@link #start} or {@link #attach} and
 * reports whatever they throw.
 */
public final class AgentStarter {
    /**
     * The file {@code flowtrace attach} creates in the session folder to end the session: a second agent load would
     * make the JVM print its warnings again (the boot class path append on JDK 17, the dynamic agent on 21+).
     */
    static final String DETACH_REQUEST = "detach";
    private static final long DETACH_POLL_MILLIS = 50;
    /** Set while a session runs in this JVM: there is one at a time. */
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** The session {@code flowtrace attach} started, until it detaches; null under {@code flowtrace record}. */
    private static volatile AgentStarter attached;

    private final AgentOptions options;
    private final Diagnostics diagnostics;
    private final long pid;
    private final String command = System.getProperty("sun.java.command", "");
    private final String version = version();
    private final Sidecar sidecar;
    private MethodRegistry registry;
    private Tracer tracer;
    private InstrumentationErrors errors;
    private FlowTraceRecording recording;
    private Progress progress;
    private volatile boolean sizeLimitReached;
    /** {@link Tracer#committedChars} when this session started: a JVM attached to again has the earlier ones. */
    private final long committedAtStart = Tracer.committedChars();
    /** Set once the recording runs: method definitions before it are committed as it starts. */
    private volatile boolean recordingRuns;
    private TaskTracer tasks;
    private Instrumentation instrumentation;
    private volatile AgentInstrumentation instrumented;
    private Thread clock;
    private Thread sizeWatch;
    private Thread exitHook;

    /** Started by {@code flowtrace attach} into a running JVM, not with it. */
    private final boolean dynamic;

    private AgentStarter(AgentOptions options, PrintStream stderr, boolean dynamic) {
        this.options = options;
        this.dynamic = dynamic;
        this.pid = dynamic ? ProcessHandle.current().pid() : pidAtStart();
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
        AgentStarter starter = new AgentStarter(options, System.err, false);
        try {
            starter.run(instrumentation);
        } catch (Exception | LinkageError e) {
            starter.abandon(e.toString());
            throw e;
        }
    }

    /**
     * Starts the session of {@code flowtrace attach} (agentmain): as {@link #start}, with the classes loaded so far
     * instrumented by retransformation, until {@link #detach}. Every outcome, a failure included, is told in the
     * session's sidecar, which the CLI reads; nothing goes to the program's own stderr.
     */
    public static void attach(String arguments, Instrumentation instrumentation) throws Exception {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (OptionsException e) {
            tellSession(arguments, e.getMessage());
            return;
        }
        if (options.session == null) { // loaded by hand (jcmd JVMTI.agent_load, a program's own attach)
            start(arguments, instrumentation); // records until the JVM exits, as with -javaagent
            return;
        }
        if (!STARTED.compareAndSet(false, true)) {
            AgentStarter other = attached;
            tellSession(arguments, other == null ? "it is recorded by 'flowtrace record' already (use 'flowtrace "
                    + "dump " + ProcessHandle.current().pid() + "' for a snapshot)"
                    : "another 'flowtrace attach' is recording it (pid " + other.options.watch + ")");
            return;
        }
        AgentStarter starter = new AgentStarter(options, System.err, true);
        try {
            starter.run(instrumentation);
            attached = starter;
            starter.sidecar.put("instrumentedMethods", starter.registry.size())
                    .put("instrumentationErrors", starter.errors.count()).write();
            starter.watchClient();
        } catch (Exception | LinkageError e) {
            starter.undoInstrumentation();
            starter.stopThreads();
            if (starter.exitHook != null) {
                Runtime.getRuntime().removeShutdownHook(starter.exitHook);
            }
            attached = null;
            starter.abandon(e.toString());
            STARTED.set(false);
        }
    }

    private void detachNow() {
        synchronized (AgentStarter.class) {
            if (attached != this) {
                return;
            }
            // recording stops first, so the calls end where the user said stop; then the classes go back
            Hooks.install(null);
            TaskHooks.install(null);
            tracer.openFramesOfQuietThreads(Thread.getAllStackTraces());
            tasks.close();
            long calls = tracer.tracedCalls();
            List<String> unrestored = undoInstrumentation();
            stopThreads();
            recording.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: its hook writes the same sidecar
            }
            writeSummary("detached", calls, unrestored);
            attached = null;
            STARTED.set(false);
        }
    }

    /** Puts back every class this session changed; returns those that could not be, with the reason. */
    private List<String> undoInstrumentation() {
        return instrumented == null ? List.of() : instrumented.undo();
    }

    private void stopThreads() {
        for (Thread thread : new Thread[] {clock, sizeWatch}) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Detaches when the {@code flowtrace attach} that started the session asks for it, or is gone (killed, say):
     * the JVM must not stay instrumented for nobody.
     */
    private void watchClient() {
        Path request = options.session.resolve(DETACH_REQUEST);
        ProcessHandle client = options.watch > 0 ? ProcessHandle.of(options.watch).orElse(null) : null;
        Thread watch = new Thread(() -> {
            try {
                while (attached == this && !Files.exists(request) && (options.watch <= 0 || client != null
                        && client.isAlive())) {
                    Thread.sleep(DETACH_POLL_MILLIS);
                }
                detachQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flowtrace-detach-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private void detachQuietly() {
        try {
            detachNow();
        } catch (RuntimeException | LinkageError e) {
            diagnostics.debug(e);
        }
    }

    private void run(Instrumentation instrumentation) throws Exception {
        if (!FlightRecorder.isAvailable()) {
            throw new IllegalStateException("JFR is not available in this JVM");
        }
        Path output = options.session != null ? options.session.resolve(pid + ".jfr")
                : options.output != null ? options.output : Path.of("flowtrace-" + pid + ".jfr").toAbsolutePath();
        this.instrumentation = instrumentation;
        AppCode appCode = AppCode.ofThisJvm();
        registry = new MethodRegistry(this::define);
        errors = new InstrumentationErrors(diagnostics);
        // At start the transformer is installed first, so that every class JFR's start loads goes through it as it
        // loads (the same bytes in every run: a class loaded before it is retransformed from bytes the JVM makes up
        // again, and which classes those are would depend on the race with JFR); the classes loaded before are
        // retransformed on another thread while JFR starts on this one: the hooks record nothing until the
        // recording runs, and no program code runs before premain returns, so no call is missed. Attached to a
        // running program, the hooks come first: its calls go on while its classes change.
        instrumented = new AgentInstrumentation(options, command, registry, errors, diagnostics, instrumentation,
                dynamic);
        Runnable instrument = () -> {
            instrumented.install(appCode);
            instrumented.retransformLoaded();
        };
        Background installing = null;
        if (!dynamic) {
            instrumented.install(appCode);
            installing = Background.start("flowtrace-instrument", instrumented::retransformLoaded);
        }
        try {
            long started = System.nanoTime();
            FlowTraceRecording.registerEvents();
            recording = FlowTraceRecording.start(output, options.maxSize, registry, this::agentInfo,
                    this::flushCalls);
            recordingRuns = true;
            registry.forEach(FlowTraceRecording::define); // any registered before, the chunk's start may have missed
            diagnostics.debug("recording started in " + millisSince(started) + " ms");
            if (sidecar != null) {
                sidecar.put("pid", pid).put("command", command)
                        .put("java.version", System.getProperty("java.version"))
                        .put("startMillis", System.currentTimeMillis()).put("output", output)
                        .put("flowtraceVersion", version).put("status", "running").put("sizeLimitReached", false)
                        .put("launcher", appCode.launcherOfUnknownApplication())
                        .put("suggestedInclude", Objects.toString(appCode.suggestedInclude(), ""))
                        .write();
            }
            HookClasses.load();
            tracer = new Tracer(registry, new ValueRenderer(options.values, options.maxString), diagnostics::warn);
            clock = CallClock.start(options.exactTiming, tracer::flushAll);
            if (dynamic) {
                tracer.sinceAttach();
                installHooks();
                instrument.run();
            } else {
                started = System.nanoTime();
                installing.join();
                diagnostics.debug("waited " + millisSince(started) + " ms for the instrumentation");
                installHooks();
            }
        } catch (Exception | LinkageError e) {
            if (installing != null) {
                installing.joinQuietly();
                undoInstrumentation();
            }
            throw e;
        }
        exitHook = new Thread(this::atExit, "flowtrace-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
        if (sidecar != null) {
            progress = new Progress(sidecar, tracer::tracedCalls, registry::size).start();
        }
        if (options.maxSize > 0) {
            sizeWatch = new Thread(this::watchSize, "flowtrace-size-watch");
            sizeWatch.setDaemon(true);
            sizeWatch.start();
        }
        diagnostics.debug("recording to " + output);
    }

    /**
     * This JVM's process id, from /proc where there is one: the first use of ProcessHandle makes its process reaper's
     * thread pool, whose classes the task instrumentation would then have to retransform at every start.
     */
    private static long pidAtStart() {
        try {
            return Long.parseLong(Path.of("/proc/self").toRealPath().getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    /** From now on instrumented code records its calls and tasks. */
    private void installHooks() {
        Hooks.install(tracer);
        tasks = new TaskTracer(tracer);
        FlowTrace.install(tasks);
        TaskHooks.install(tasks);
    }

    /** Commits a method's definition once the recording runs; until then the recording's first chunk has it. */
    private void define(MethodInfo method) {
        if (recordingRuns) {
            FlowTraceRecording.define(method);
        }
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
                // often: a program may reach the size in its last second, and JFR's dump at exit may come after
                // the summary the exit hook writes
                Thread.sleep(250);
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
        instrumented.saveCaches(); // with the classes the program loaded later
        int methods = registry.size();
        if (sidecar != null) {
            synchronized (AgentStarter.class) { // not while a detach writes its own summary
                if (dynamic && attached != this) {
                    return; // detached already: its summary stands
                }
                if (attached == this) {
                    Hooks.install(null); // the JVM exits while attached: the recording is written as at any exit
                    attached = null;
                }
                writeSummary("exited", tracer.tracedCalls(), List.of());
            }
            return;
        }
        int errors = this.errors.count();
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

    /** Writes how the session went into the sidecar, for the CLI. */
    private void writeSummary(String status, long calls, List<String> unrestored) {
        if (progress != null) {
            progress.stop(); // the summary owns the sidecar from now on
        }
        // JFR may hold the last megabytes in memory until its dump at exit, after this: what was committed counts too
        boolean full = sizeLimitReached || options.maxSize > 0 && (recording.size() >= options.maxSize
                || Tracer.committedChars() - committedAtStart >= options.maxSize);
        sidecar.put("status", status).put("exitMillis", System.currentTimeMillis())
                .put("instrumentedMethods", registry.size()).put("tracedCalls", calls)
                .put("instrumentationErrors", errors.count())
                .put("sizeLimitReached", full)
                .put("warnings", diagnostics.warningCount())
                .put("unrestoredClasses", unrestored.size());
        for (int i = 0; i < unrestored.size(); i++) {
            sidecar.put("unrestored." + (i + 1), unrestored.get(i));
        }
        List<String> warnings = diagnostics.warnings();
        for (int i = 0; i < warnings.size(); i++) {
            sidecar.put("warning." + (i + 1), warnings.get(i));
        }
        try {
            sidecar.write();
        } catch (IOException | RuntimeException e) {
            diagnostics.always("could not write " + sidecar.file() + ": " + e);
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
