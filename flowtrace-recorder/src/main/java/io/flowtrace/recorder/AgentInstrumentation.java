package io.flowtrace.recorder;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import io.flowtrace.recorder.async.AsyncGroup;
import io.flowtrace.recorder.async.AsyncInstrumenter;
import io.flowtrace.recorder.async.TaskCacheContext;
import io.flowtrace.recorder.runtime.Hooks;
import io.flowtrace.recorder.runtime.MethodRegistry;
import io.flowtrace.recorder.runtime.TaskHooks;

/**
 * What the agent changes in this JVM's classes: one transformer that runs the method tracing and then the task
 * instrumentation, each through its cache of classes instrumented in runs before ({@link TransformCache}); the
 * retransformation of the classes loaded before it; and, on a detach, all of it taken back.
 */
final class AgentInstrumentation {
    private final AgentOptions options;
    /** The program's command line ({@code sun.java.command}): its main class or jar names its cache. */
    private final String command;
    private final MethodRegistry registry;
    private final InstrumentationErrors errors;
    private final Diagnostics diagnostics;
    private final Instrumentation instrumentation;
    /** Started by {@code flowtrace attach} into a running program, not with it. */
    private final boolean attached;
    /** The classes the method tracing changed in runs before, or null. */
    private volatile TransformCache tracedClasses;
    /** The task instrumentation's JDK classes kept between runs, or null. */
    private volatile TransformCache jdkClasses;
    /** The task instrumentation's classes of the program (its executors and threads) kept between runs, or null. */
    private volatile TransformCache programTasks;
    /** The agent's transformer while it is installed. */
    private volatile AgentTransformer transformer;
    /** The loaded classes the transformer may change: retransformed when it is installed and when it is removed. */
    private volatile LoadedClasses changeable;

    AgentInstrumentation(AgentOptions options, String command, MethodRegistry registry, InstrumentationErrors errors,
                         Diagnostics diagnostics, Instrumentation instrumentation, boolean attached) {
        this.options = Objects.requireNonNull(options, "options");
        this.command = Objects.requireNonNull(command, "command");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
        this.attached = attached;
    }

    /**
     * Installs the method tracing and then the task instrumentation, as one transformer: a JDK class both change gets
     * the task advice around the traced method's. Byte Buddy starts only for a class their caches do not have.
     */
    void install(AppCode appCode) {
        long started = System.nanoTime();
        String agent = agentIdentity();
        String classPath = System.getProperty("java.class.path");
        String program = command.split(" ", 2)[0];
        tracedClasses = cache(agent, "traced methods", options.includes.toString(), options.excludes.toString(),
                options.secrets.toString(), options.values.optionValue(), classPath, program);
        boolean tasks = options.disabled.size() < AsyncGroup.values().length;
        jdkClasses = tasks ? cache(agent, "tasks", options.disabled.toString()) : null;
        programTasks = tasks ? cache(agent, "program's tasks", options.disabled.toString(), classPath, program) : null;
        long read = System.nanoTime();
        TransformCache methodsKept = tracedClasses;
        if (methodsKept != null) {
            registry.reserve(methodsKept.methodIds());
        }
        TraceSelection selection = new TraceSelection(options.includes, options.excludes, appCode);
        RegisteredMethods methods = new RegisteredMethods(registry);
        SecretNames secrets = new SecretNames(options.secrets);
        List<CachedInstrumentation> instrumentations = new ArrayList<>();
        Instrumenter instrumenter = new Instrumenter(selection, methods, secrets, options.values, diagnostics,
                errors);
        instrumentations.add(new CachedInstrumentation(new TracedClassFilter(selection),
                (loader, name, redefined, domain, classFile) ->
                        CachedInstrumentation.Place.of(methodsKept, selection.contextOf(loader, domain)),
                methods, new TransformerOnDemand("", () -> instrumenter.transformer(instrumentation),
                        diagnostics::debug, (type, failure) -> errors.failed(type, "", failure)),
                errors, instrumentation, Hooks.class));
        LoadedClasses loaded = instrumenter.loadedClasses();
        if (tasks) {
            AsyncInstrumenter.loadHooks();
            BiConsumer<String, Throwable> failures = (type, failure) -> errors.failed(type, " for tasks", failure);
            instrumentations.add(new CachedInstrumentation(AsyncInstrumenter.filter(options.disabled), taskPlaces(),
                    null, new TransformerOnDemand(" for tasks",
                            () -> AsyncInstrumenter.transformer(instrumentation, options.disabled, failures),
                            diagnostics::debug, failures), errors, instrumentation, TaskHooks.class));
            loaded = loaded.or(AsyncInstrumenter.loadedClasses(options.disabled));
        }
        changeable = loaded;
        transformer = new AgentTransformer(instrumentations);
        if (attached) {
            // a running program's classes, mostly not in the cache: Byte Buddy made before the transformer is
            // installed, so that none of its threads waits for it while loading a class (a Spring Boot server hung
            // so), and each class is retransformed once, not left for a second retransformation
            transformer.makeByteBuddy();
        }
        instrumentation.addTransformer(transformer, true);
        diagnostics.debug("transformer installed in " + millisSince(started) + " ms (caches read in "
                + (read - started) / 1_000_000 + " ms)");
    }

    /** Where the task instrumentation's results are kept: the JDK's classes in one file, the program's in its own. */
    private CachedInstrumentation.Places taskPlaces() {
        TransformCache jdkKept = jdkClasses;
        TransformCache programKept = programTasks;
        TaskCacheContext contexts = new TaskCacheContext();
        return (loader, name, redefined, domain, classFile) -> {
            int context = contexts.of(loader, name, redefined, domain, classFile);
            return CachedInstrumentation.Place.of(context == TaskCacheContext.JDK ? jdkKept : programKept, context);
        };
    }

    /** Retransforms the classes loaded before the transformer that it may change; saves the caches. */
    void retransformLoaded() {
        long started = System.nanoTime();
        TransformCache methodsKept = tracedClasses;

        transformer.retransform(instrumentation, changeable.find(instrumentation),
                (type, failure) -> errors.failed(type, "", failure));
        diagnostics.debug("classes loaded before retransformed in " + millisSince(started) + " ms"
                + (methodsKept == null ? "" : ", " + methodsKept.hits() + " traced classes from the cache")
                + (jdkClasses == null ? "" : ", " + jdkClasses.hits() + " JDK classes from the cache"));
        saveCaches();
    }

    /** Writes the caches that got classes since they were read. */
    void saveCaches() {
        for (TransformCache cache : new TransformCache[] {tracedClasses, jdkClasses, programTasks}) {
            if (cache != null) {
                cache.saveIfChanged();
            }
        }
    }

    /**
     * What names this agent build and JDK (the agent jar's place, size and time, java.home, the JVM's version) for
     * the caches of instrumented classes; null when they are switched off or the agent jar cannot be found.
     */
    private String agentIdentity() {
        if (options.cache == null) {
            return null;
        }
        try {
            URL ours = ClassLoader.getSystemResource(AgentStarter.class.getName().replace('.', '/') + ".class");
            String location = ours == null ? "" : ours.toString();
            int end = location.indexOf("!/");
            if (!location.startsWith("jar:") || end < 0) {
                return null;
            }
            Path jar = Path.of(new URI(location.substring("jar:".length(), end)));
            return String.join("\n", jar.toString(), Long.toString(Files.size(jar)),
                    Files.getLastModifiedTime(jar).toString(), System.getProperty("java.home"),
                    System.getProperty("java.vm.version"));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            diagnostics.debug("no cache of instrumented classes: " + e);
            return null;
        }
    }

    /** The cache for {@code agent} (null: none) and what else decides what the instrumentation makes of a class. */
    private TransformCache cache(String agent, String... decides) {
        if (agent == null) {
            return null;
        }
        try {
            return TransformCache.open(options.cache, agent + "\n" + String.join("\n", decides), diagnostics::debug);
        } catch (RuntimeException e) {
            diagnostics.debug("no cache of instrumented classes: " + e);
            return null;
        }
    }

    /** Puts back every class this session changed; returns those that could not be, with the reason. */
    List<String> undo() {
        List<String> unrestored = new ArrayList<>();
        AgentTransformer installed = transformer;
        transformer = null;
        try {
            if (installed != null) {
                instrumentation.removeTransformer(installed);
                List<Class<?>> changed = new ArrayList<>(changeable.find(instrumentation));
                changed.removeIf(type -> !installed.changed(type));
                Retransformation.retransform(instrumentation, changed,
                        (type, reason) -> unrestored.add(type + " (" + reason + ")"));
            }
        } catch (RuntimeException | LinkageError e) {
            unrestored.add("(all: " + e + ")");
        }
        return unrestored;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
