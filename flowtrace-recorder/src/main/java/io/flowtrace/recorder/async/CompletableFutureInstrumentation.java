package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * CompletableFuture: each public *Async method is the kind of the task its executor gets (supplyAsync,
 * thenApplyAsync...), and the returned future is linked to that task, so that join/get are joins of it.
 */
final class CompletableFutureInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.COMPLETABLEFUTURE;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.CompletableFuture");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(CommonAdvice.KindOnlyCall.class, nameEndsWith("Async").and(isPublic())))
                .visit(advice.on(CommonAdvice.JoinThis.class, namedOneOf("join", "get")
                        .and(takesArguments(0).or(takesArguments(2)))));
    }
}
