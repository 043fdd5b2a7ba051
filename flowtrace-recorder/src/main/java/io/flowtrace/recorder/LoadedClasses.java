package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Which of the classes loaded before the agent an agent builder considers for retransformation: those a cheap test
 * on the loaded {@code Class} lets through. Byte Buddy's own discovery describes every loaded class from its class
 * file before matching it, which was most of the agent's start-up; the test must only let through a superset of
 * what the builder's matchers would select, so that the result is the same.
 */
public final class LoadedClasses implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
    private final Predicate<Class<?>> candidate;

    private LoadedClasses(Predicate<Class<?>> candidate) {
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** The loaded classes {@code candidate} accepts; one that throws counts as accepted. */
    public static LoadedClasses matching(Predicate<Class<?>> candidate) {
        return new LoadedClasses(candidate);
    }

    /** Called by Byte Buddy after its transformer is registered, so no class falls between the two. */
    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (isCandidate(type)) {
                found.add(type);
            }
        }
        return List.of(found);
    }

    private boolean isCandidate(Class<?> type) {
        try {
            return candidate.test(type);
        } catch (RuntimeException | LinkageError e) { // let Byte Buddy's matchers decide, as without this filter
            return true;
        }
    }
}
