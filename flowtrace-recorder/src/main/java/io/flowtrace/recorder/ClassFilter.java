package io.flowtrace.recorder;

import java.security.ProtectionDomain;

/**
 * Whether an instrumentation may change a class, judged from what the JVM hands any transformer, before Byte Buddy
 * parses it: false only where it certainly would not ({@link TracedClassFilter}, the task instrumentation's).
 */
@FunctionalInterface
public interface ClassFilter {
    boolean passes(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                   byte[] classFile);
}
