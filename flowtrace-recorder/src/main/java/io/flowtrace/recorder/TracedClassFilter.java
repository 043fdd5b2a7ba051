package io.flowtrace.recorder;

import java.security.ProtectionDomain;
import java.util.Objects;

/**
 * Lets the method tracing's Byte Buddy transformer see only the classes that {@link TraceSelection#mayTrace} lets
 * through, judged from the raw class file. Byte Buddy would otherwise parse every class of every library (with its
 * code, for the parameter names) only to find no {@code @Trace} in it: most of the agent's cost in a program that
 * loads thousands of classes.
 */
final class TracedClassFilter implements ClassFilter {
    private final TraceSelection selection;
    /** Set while this thread runs the test, during which a class it loads is not tested again. */
    private final ThreadLocal<Boolean> testing = new ThreadLocal<>();

    TracedClassFilter(TraceSelection selection) {
        this.selection = Objects.requireNonNull(selection, "selection");
    }

    @Override
    public boolean passes(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                           byte[] classFile) {
        if (internalName == null || classFile == null) {
            return true;
        }
        String name = internalName.replace('/', '.');
        if (TraceSelection.isOffLimits(name, null)) {
            return false; // also keeps the classes that the test below uses from coming back into it
        }
        if (testing.get() != null) {
            return false; // a class loaded by the test itself: the JDK's, never traced
        }
        testing.set(Boolean.TRUE);
        try {
            return selection.mayTrace(name, loader, domain, classFile);
        } finally {
            testing.remove();
        }
    }
}
