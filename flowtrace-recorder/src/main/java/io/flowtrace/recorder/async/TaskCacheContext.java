package io.flowtrace.recorder.async;

import java.security.ProtectionDomain;
import java.util.Set;

import io.flowtrace.recorder.ClassFileHeader;

/**
 * What decides, besides a class's name and bytes, how the task instrumentation changes it, for the caches of its
 * results: nothing more for the JDK's own classes; for the program's (its executors and Thread subclasses), the
 * names of all its supertypes, which the matchers walk and which may change while the class's own bytes do not.
 */
public final class TaskCacheContext {
    /** The context of the JDK's own classes. */
    public static final int JDK = 0;

    private final SupertypeNames supertypes = new SupertypeNames();
    /** Set while this thread reads supertypes' class files, during which the classes it loads are not kept. */
    private final ThreadLocal<Boolean> reading = new ThreadLocal<>();

    /**
     * {@link #JDK} for the JDK's own classes; for any other class a positive number that stands for the names of all
     * its supertypes; -1, not to be cached, when one of those cannot be read, and for a class loaded while this
     * thread reads them (its class loader's own classes, as a Spring Boot jar's loader reads nested jars).
     */
    public int of(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                  byte[] classFile) {
        if (AsyncInstrumenter.cacheContext(loader, domain) == JDK) {
            return JDK;
        }
        Set<String> names;
        if (redefined != null) {
            names = SupertypeNames.of(redefined);
        } else {
            ClassFileHeader header = ClassFileHeader.read(classFile);
            if (header == null || reading.get() != null) {
                return -1;
            }
            reading.set(Boolean.TRUE);
            try {
                names = supertypes.of(header, loader);
            } finally {
                reading.remove();
            }
        }
        return names == null ? -1 : 1 + (String.join(",", names).hashCode() & 0x3FFF_FFFF);
    }
}
