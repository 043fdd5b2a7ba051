package io.flowtrace.recorder;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.flowtrace.recorder.runtime.MethodInfo;

/**
 * One of the agent's instrumentations (the method tracing, the task instrumentation) as {@link AgentTransformer}
 * runs it on a class: a cheap test first (most classes stop there), then its {@link TransformCache}, and only for a
 * class the cache does not have, its Byte Buddy transformer, which is made then, on first need. A start whose classes
 * are all in the caches never starts Byte Buddy.
 */
final class CachedInstrumentation {
    /** What decides, besides a class's name and bytes, how the instrumentation changes it. */
    @FunctionalInterface
    interface Context {
        /** A number that stands for it, or -1 when the result must not be cached. */
        int of(ClassLoader loader, ProtectionDomain domain);
    }

    /** The method ids the instrumentation of a class used, for the classes that call the hooks with ids. */
    interface MethodIds {
        /** Starts noting on this thread the methods the instrumentation of one class registers. */
        void startNoting();

        /** Ends noting, returning what was noted since {@link #startNoting}. */
        List<MethodInfo> stopNoting();

        /** Registers a cached class's methods under their ids; false when they cannot have them in this run. */
        boolean registerAt(List<MethodInfo> methods);
    }

    /** A class being retransformed, left as it was for want of the Byte Buddy transformer. */
    private record Left(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                        ProtectionDomain domain, byte[] classFile, int where) {
    }

    private final String purpose;
    private final ClassFilter test;
    private final Context context;
    private final TransformCache cache;
    private final MethodIds ids;
    private final Supplier<ClassFileTransformer> maker;
    private final InstrumentationErrors errors;
    private final Consumer<String> debug;
    private final Instrumentation instrumentation;
    /** The module that instrumented classes must read: the hooks'. */
    private final Module hooks;
    private volatile ClassFileTransformer byteBuddy;
    /** Set when a class was left for later because the Byte Buddy transformer was not made yet. */
    private volatile boolean wanted;
    /** The classes left for later that the cache may keep, as they were handed over. */
    private final Queue<Left> left = new ConcurrentLinkedQueue<>();
    /** The thread making {@link #byteBuddy}, which leaves the classes it loads meanwhile alone. Guarded by this. */
    private Thread making;
    private boolean failed;

    /**
     * @param purpose what the instrumentation is for, told with its failures (e.g. {@code " for tasks"}, or empty)
     * @param cache the results kept between runs, or null
     * @param ids the method ids of cached classes, or null when the instrumentation uses none
     * @param maker makes the Byte Buddy transformer (not installed: this calls it)
     * @param debug told when the Byte Buddy transformer is made, and for which class
     * @param hooks a class of the hooks the instrumented classes call
     */
    CachedInstrumentation(String purpose, ClassFilter test, Context context, TransformCache cache,
                          MethodIds ids, Supplier<ClassFileTransformer> maker, InstrumentationErrors errors,
                          Consumer<String> debug, Instrumentation instrumentation, Class<?> hooks) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.test = Objects.requireNonNull(test, "test");
        this.context = Objects.requireNonNull(context, "context");
        this.cache = cache;
        this.ids = ids;
        this.maker = Objects.requireNonNull(maker, "maker");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.debug = Objects.requireNonNull(debug, "debug");
        this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
        this.hooks = hooks.getModule();
    }

    /**
     * The class changed, or null when this instrumentation leaves it as it is.
     *
     * @param later where a class being retransformed goes, unchanged, when it needs the Byte Buddy transformer and
     *        that is not made yet: making it inside the JVM's retransformation can deadlock (a thread waiting for the
     *        classes being retransformed holds what it needs). Null to make it here.
     */
    byte[] apply(Module module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                 byte[] classFile, Set<Class<?>> later) throws IllegalClassFormatException {
        if (!test.passes(loader, internalName, redefined, domain, classFile)) {
            return null;
        }
        int where = cache == null || internalName == null || classFile == null ? -1 : context.of(loader, domain);
        if (where >= 0) {
            TransformCache.Made made = cache.get(internalName, where, classFile);
            if (made != null && (ids == null || ids.registerAt(made.methods()))) {
                if (made.classFile() != null) {
                    readHooks(module);
                }
                return made.classFile();
            }
        }
        if (later != null && redefined != null && byteBuddy == null) {
            if (where >= 0) {
                left.add(new Left(module, loader, internalName, redefined, domain, classFile, where));
            }
            wanted = true;
            later.add(redefined);
            return null;
        }
        ClassFileTransformer transformer = byteBuddy(internalName);
        if (transformer == null) {
            return null; // a class Byte Buddy loads while it starts: never one the agent changes
        }
        return transform(transformer, module, loader, internalName, redefined, domain, classFile, where);
    }

    /** Transforms a class with Byte Buddy; keeps the result in the cache where {@code where} is not -1. */
    private byte[] transform(ClassFileTransformer transformer, Module module, ClassLoader loader, String internalName,
                             Class<?> redefined, ProtectionDomain domain, byte[] classFile, int where)
            throws IllegalClassFormatException {
        long failures = errors.told();
        if (ids != null) {
            ids.startNoting();
        }
        byte[] changed;
        List<MethodInfo> methods = List.of();
        try {
            changed = module == null ? transformer.transform(loader, internalName, redefined, domain, classFile)
                    : transformer.transform(module, loader, internalName, redefined, domain, classFile);
        } finally {
            if (ids != null) {
                methods = ids.stopNoting();
            }
        }
        if (where >= 0 && errors.told() == failures) { // a failure also returns null: not kept, tried again next time
            cache.put(internalName, where, classFile, changed, methods);
        }
        return changed;
    }

    /**
     * Makes the Byte Buddy transformer if a class was left for later ({@link #apply}) for want of it, and keeps what
     * it makes of those classes in the cache under the bytes they were handed over with: retransformed again, a
     * class loaded before the agent is handed over as bytes the JVM makes up anew, which differ from the first ones,
     * and a later run's first retransformation hands over the first ones.
     */
    void makeIfWanted() throws IllegalClassFormatException {
        if (!wanted) {
            return;
        }
        ClassFileTransformer transformer = byteBuddy("(classes left for later)");
        for (Left each = left.poll(); each != null && transformer != null; each = left.poll()) {
            transform(transformer, each.module, each.loader, each.internalName, each.redefined, each.domain,
                    each.classFile, each.where);
        }
    }

    /**
     * The Byte Buddy transformer, made on first need (for {@code internalName}); null on the thread making it, and
     * when it cannot be made.
     */
    private ClassFileTransformer byteBuddy(String internalName) {
        ClassFileTransformer made = byteBuddy;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (byteBuddy != null || making == Thread.currentThread() || failed) {
                return byteBuddy;
            }
            making = Thread.currentThread();
            try {
                long started = System.nanoTime();
                byteBuddy = maker.get();
                debug.accept("Byte Buddy started" + purpose + " in " + (System.nanoTime() - started) / 1_000_000
                        + " ms, for " + internalName.replace('/', '.')
                        + (cache == null ? "" : " (not in the cache)"));
            } catch (RuntimeException | LinkageError e) {
                failed = true;
                errors.failed("(all classes)", purpose, e);
            } finally {
                making = null;
            }
            return byteBuddy;
        }
    }

    /** Named modules must read the hooks' module to call them; Byte Buddy sees to that for the classes it changes. */
    private void readHooks(Module module) {
        if (module != null && module.isNamed() && !module.canRead(hooks)) {
            instrumentation.redefineModule(module, Set.of(hooks), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
