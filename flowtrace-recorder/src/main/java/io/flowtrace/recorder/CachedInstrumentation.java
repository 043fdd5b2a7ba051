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

import io.flowtrace.recorder.runtime.MethodInfo;

/**
 * One of the agent's instrumentations (the method tracing, the task instrumentation) as {@link AgentTransformer}
 * runs it on a class: a cheap test first (most classes stop there), then its {@link TransformCache}s, and only for a
 * class the cache does not have, its Byte Buddy transformer, which is made then, on first need. A start whose classes
 * are all in the caches never starts Byte Buddy.
 */
final class CachedInstrumentation {
    /**
     * Where the instrumentation's result for a class is kept between runs: a cache, and a number that stands for
     * what decides, besides the class's name and bytes, how the instrumentation changes it.
     */
    record Place(TransformCache cache, int context) {
        /** The place in {@code cache} (null: none) for {@code context} (-1: the result must not be kept), or null. */
        static Place of(TransformCache cache, int context) {
            return cache == null || context < 0 ? null : new Place(cache, context);
        }
    }

    /** Picks the {@link Place} of a class's result. */
    @FunctionalInterface
    interface Places {
        /** Where the result for this class is kept, or null when it must not be. */
        Place of(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                 byte[] classFile);
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
                        ProtectionDomain domain, byte[] classFile, Place where) {
    }

    private final ClassFilter test;
    private final Places places;
    private final MethodIds ids;
    private final TransformerOnDemand byteBuddy;
    private final InstrumentationErrors errors;
    private final Instrumentation instrumentation;
    /** The module that instrumented classes must read: the hooks'. */
    private final Module hooks;
    /** Set when a class was left for later because the Byte Buddy transformer was not made yet. */
    private volatile boolean wanted;
    /** The classes left for later that the cache may keep, as they were handed over. */
    private final Queue<Left> left = new ConcurrentLinkedQueue<>();

    /**
     * @param places where the results are kept between runs
     * @param ids the method ids of cached classes, or null when the instrumentation uses none
     * @param byteBuddy the Byte Buddy transformer, made when a class needs it (not installed: this calls it)
     * @param errors counts the classes that failed, which must not be cached
     * @param hooks a class of the hooks the instrumented classes call
     */
    CachedInstrumentation(ClassFilter test, Places places, MethodIds ids,
                          TransformerOnDemand byteBuddy, InstrumentationErrors errors, Instrumentation instrumentation,
                          Class<?> hooks) {
        this.test = Objects.requireNonNull(test, "test");
        this.places = Objects.requireNonNull(places, "places");
        this.ids = ids;
        this.byteBuddy = Objects.requireNonNull(byteBuddy, "byteBuddy");
        this.errors = Objects.requireNonNull(errors, "errors");
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
        Place where = internalName == null || classFile == null ? null
                : places.of(loader, internalName, redefined, domain, classFile);
        if (where != null) {
            TransformCache.Made made = where.cache().get(internalName, where.context(), classFile);
            if (made != null && (ids == null || ids.registerAt(made.methods()))) {
                if (made.classFile() != null) {
                    readHooks(module);
                }
                return made.classFile();
            }
        }
        if (later != null && redefined != null && !byteBuddy.isMade()) {
            if (where != null) {
                left.add(new Left(module, loader, internalName, redefined, domain, classFile, where));
            }
            wanted = true;
            later.add(redefined);
            return null;
        }
        ClassFileTransformer transformer = byteBuddy.get(internalName == null ? "a class without a name"
                : internalName.replace('/', '.') + (where != null ? " (not in the cache)" : ""));
        if (transformer == null) {
            return null; // a class Byte Buddy loads while it starts: never one the agent changes
        }
        return transform(transformer, module, loader, internalName, redefined, domain, classFile, where);
    }

    /** Transforms a class with Byte Buddy; keeps the result at {@code where} unless that is null. */
    private byte[] transform(ClassFileTransformer transformer, Module module, ClassLoader loader, String internalName,
                             Class<?> redefined, ProtectionDomain domain, byte[] classFile, Place where)
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
        if (where != null && errors.told() == failures) { // a failure also returns null: not kept, tried again next time
            where.cache().put(internalName, where.context(), classFile, changed, methods);
        }
        return changed;
    }

    /** Makes the Byte Buddy transformer now. */
    void makeByteBuddy() {
        byteBuddy.get("the classes of a running program");
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
        ClassFileTransformer transformer = byteBuddy.get(left.size() + " classes retransformed at start");
        for (Left each = left.poll(); each != null && transformer != null; each = left.poll()) {
            transform(transformer, each.module, each.loader, each.internalName, each.redefined, each.domain,
                    each.classFile, each.where);
        }
    }

    /** Named modules must read the hooks' module to call them; Byte Buddy sees to that for the classes it changes. */
    private void readHooks(Module module) {
        if (module != null && module.isNamed() && !module.canRead(hooks)) {
            instrumentation.redefineModule(module, Set.of(hooks), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
