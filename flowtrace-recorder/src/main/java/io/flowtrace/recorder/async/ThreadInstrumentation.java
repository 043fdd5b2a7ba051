package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * java.lang.Thread: start forks the thread (kind thread, or virtualThread), run is its start and end (for
 * platform threads made with a Runnable, builders included), every join overload a join.
 */
final class ThreadInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.THREADS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.lang.Thread");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.lang.Thread");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(CommonAdvice.ForkThis.class, "thread", named("start")))
                .visit(advice.on(CommonAdvice.RunThis.class, named("run").and(takesArguments(0))))
                .visit(advice.on(CommonAdvice.JoinThis.class, "threadJoin", named("join")));
    }
}
