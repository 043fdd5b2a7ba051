package io.flowtrace.recorder;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Objects;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * A Byte Buddy transformer whose results for the JDK's own classes (those of the boot and platform class loaders)
 * come from a {@link TransformCache} when it has them, and go into it when it has not.
 */
public final class CachingTransformer extends ResettableClassFileTransformer.WithDelegation {
    private final TransformCache cache;

    CachingTransformer(ResettableClassFileTransformer transformer, TransformCache cache) {
        super(transformer);
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return transform(null, loader, internalName, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        boolean jdk = internalName != null && classFile != null
                && (loader == null || loader == ClassLoader.getPlatformClassLoader());
        if (jdk) {
            byte[] kept = cache.get(internalName, classFile);
            if (kept != null) {
                return kept;
            }
        }
        byte[] made = module == null
                ? classFileTransformer.transform(loader, internalName, redefined, domain, classFile)
                : classFileTransformer.transform(module, loader, internalName, redefined, domain, classFile);
        if (jdk && made != null) { // null is also what a failure returns: not kept, it shows again next time
            cache.put(internalName, classFile, made);
        }
        return made;
    }
}
