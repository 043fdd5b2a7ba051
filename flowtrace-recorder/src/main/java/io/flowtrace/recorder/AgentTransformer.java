package io.flowtrace.recorder;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The agent's one class file transformer: runs its instrumentations on each class in order, each on what the one
 * before made of it. The method tracing comes first, so that a JDK class both change gets the task advice around the
 * traced method's, as when each had a transformer of its own registered in that order.
 */
final class AgentTransformer implements ClassFileTransformer {
    private final List<CachedInstrumentation> instrumentations;
    /** The classes left for later by the retransformation running on this thread ({@link #retransform}); or null. */
    private final ThreadLocal<Set<Class<?>>> later = new ThreadLocal<>();
    /** The classes (internal names) it changed: on a detach, only those are put back. */
    private final Set<String> changedNames = ConcurrentHashMap.newKeySet();

    AgentTransformer(List<CachedInstrumentation> instrumentations) {
        this.instrumentations = List.copyOf(instrumentations);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return transform(null, loader, internalName, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        byte[] changed = null;
        for (CachedInstrumentation instrumentation : instrumentations) {
            byte[] made = instrumentation.apply(module, loader, internalName, redefined, domain,
                    changed == null ? classFile : changed, later.get());
            if (made != null) {
                changed = made;
            }
        }
        if (changed != null && internalName != null) {
            changedNames.add(internalName);
        }
        return changed;
    }

    /** Whether it changed a class of that name (in any class loader). */
    boolean changed(Class<?> type) {
        return changedNames.contains(type.getName().replace('.', '/'));
    }

    /** Makes each instrumentation's Byte Buddy transformer now, whether a class needs it yet or not. */
    void makeByteBuddy() {
        instrumentations.forEach(CachedInstrumentation::makeByteBuddy);
    }

    /**
     * Retransforms loaded classes through this transformer (registered): those that need a Byte Buddy transformer
     * not made yet are left as they are, then retransformed again once it is made, outside the JVM's
     * retransformation; each class that cannot be retransformed goes to {@code failed}.
     */
    void retransform(Instrumentation instrumentation, List<Class<?>> classes, BiConsumer<String, Throwable> failed) {
        Set<Class<?>> left = new LinkedHashSet<>();
        later.set(left);
        try {
            Retransformation.retransform(instrumentation, classes, failed);
        } finally {
            later.remove();
        }
        if (!left.isEmpty()) {
            for (CachedInstrumentation each : instrumentations) {
                try {
                    each.makeIfWanted();
                } catch (IllegalClassFormatException e) {
                    failed.accept("(classes left for later)", e);
                }
            }
            Retransformation.retransform(instrumentation, List.copyOf(left), failed);
        }
    }
}
