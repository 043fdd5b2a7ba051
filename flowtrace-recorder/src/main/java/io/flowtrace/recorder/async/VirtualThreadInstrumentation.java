package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * java.lang.VirtualThread (JDK 21+): its own start overloads fork it, its private run(Runnable) — on the virtual
 * thread, mounted — is its start and end. Nothing here runs on the carrier alone.
 */
final class VirtualThreadInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.THREADS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.lang.VirtualThread");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.lang.VirtualThread");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(CommonAdvice.ForkThis.class, "thread", named("start")))
                .visit(advice.on(CommonAdvice.RunThis.class, named("run").and(takesArguments(Runnable.class))));
    }
}
