package io.flowtrace.recorder;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * The agent's one class file transformer: runs its instrumentations on each class in order, each on what the one
 * before made of it. The method tracing comes first, so that a JDK class both change gets the task advice around the
 * traced method's, as when each had a transformer of its own registered in that order.
 */
final class AgentTransformer implements ClassFileTransformer {
    private final List<CachedInstrumentation> instrumentations;

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
                    changed == null ? classFile : changed);
            if (made != null) {
                changed = made;
            }
        }
        return changed;
    }
}
