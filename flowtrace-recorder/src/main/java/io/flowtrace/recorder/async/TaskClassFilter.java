package io.flowtrace.recorder.async;

import java.security.ProtectionDomain;
import java.util.Objects;

import io.flowtrace.recorder.ClassFileHeader;
import io.flowtrace.recorder.ClassFilter;

/**
 * Hands the task instrumentation's Byte Buddy transformer only the classes being loaded that its matchers may
 * select, judged by names: a class named by an instrumentation, or one with an executor, a thread or another
 * instrumented type among its supertypes ({@link Supertypes}). Byte Buddy would otherwise parse every class the
 * program loads, and the supertypes of each, to find that almost none is an executor. A class being retransformed
 * is judged by its loaded supertypes, as the agent picks the loaded classes it retransforms ({@code LoadedClasses}):
 * JFR retransforms some JDK classes of its own (sockets, files), which must not start Byte Buddy.
 */
final class TaskClassFilter implements ClassFilter {
    private final TaskCandidates candidates;
    private final Supertypes supertypes;
    /** Set while this thread reads supertypes, during which a class it loads goes to Byte Buddy untested. */
    private final ThreadLocal<Boolean> testing = new ThreadLocal<>();

    TaskClassFilter(TaskCandidates candidates) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.supertypes = new Supertypes(candidates.allSupertypes());
    }

    @Override
    public boolean passes(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                          byte[] classFile) {
        return passes(loader, internalName, redefined, classFile);
    }

    /** Whether Byte Buddy's matchers may select the class: false only when they certainly do not. */
    boolean passes(ClassLoader loader, String internalName, Class<?> redefined, byte[] classFile) {
        if (redefined != null) {
            return candidates.coversLoaded(redefined);
        }
        if (internalName == null || classFile == null) {
            return true;
        }
        if (candidates.coversName(internalName.replace('/', '.')) || testing.get() != null) {
            return true;
        }
        testing.set(Boolean.TRUE);
        try {
            ClassFileHeader header = ClassFileHeader.read(classFile);
            if (header == null) {
                return true;
            }
            // asked of an interface too, so that its answer is kept for the classes that implement it: read later,
            // inside the definition of one (a dynamic proxy of an annotation, made while JFR registers an event),
            // its class file may not be readable
            Boolean reaches = supertypes.reachesRoot(header, loader);
            // no instrumentation matches an interface through its supertypes
            return !header.isInterface() && !Boolean.FALSE.equals(reaches);
        } finally {
            testing.remove();
        }
    }
}
