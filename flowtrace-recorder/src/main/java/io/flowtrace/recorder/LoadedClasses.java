package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which of the classes loaded before the agent it retransforms (and puts back on a detach): those a cheap test on the
 * loaded {@code Class} lets through. Byte Buddy's own discovery described every loaded class from its class file
 * before matching it, which was most of the agent's start-up; the test must only let through a superset of what the
 * instrumentations would change, so that the result is the same.
 */
public final class LoadedClasses {
    private final Predicate<Class<?>> candidate;

    private LoadedClasses(Predicate<Class<?>> candidate) {
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** The loaded classes {@code candidate} accepts; one that throws counts as accepted. */
    public static LoadedClasses matching(Predicate<Class<?>> candidate) {
        return new LoadedClasses(candidate);
    }

    /** The loaded classes that may be retransformed and pass the test; after the transformer is registered. */
    public List<Class<?>> find(Instrumentation instrumentation) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (isCandidate(type) && instrumentation.isModifiableClass(type)) {
                found.add(type);
            }
        }
        return found;
    }

    /** The loaded classes this or {@code other} lets through. */
    public LoadedClasses or(LoadedClasses other) {
        return new LoadedClasses(type -> isCandidate(type) || other.isCandidate(type));
    }

    private boolean isCandidate(Class<?> type) {
        try {
            return candidate.test(type);
        } catch (RuntimeException | LinkageError e) { // let the instrumentations decide, as without this filter
            return true;
        }
    }
}
