package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.concurrent.ExecutorService;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code submit}, {@code invokeAll}, {@code invokeAny} of every ExecutorService: the kind of the task forked inside
 * (by execute, or by the service's own queueing), and the returned Future linked to it for joins.
 */
final class ExecutorServiceInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(isSubTypeOf(ExecutorService.class));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.subtypesOf(ExecutorService.class);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder.visit(advice.on(CommonAdvice.ExecutorCall.class,
                namedOneOf("submit", "invokeAll", "invokeAny").and(not(isAbstract()))));
    }
}
