package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.concurrent.Executor;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * CompletableFuture: each public *Async method is the kind of the task its executor gets (supplyAsync,
 * thenApplyAsync...), and the returned future is linked to that task, so that join/get are joins of it.
 */
final class CompletableFutureInstrumentation implements AsyncInstrumentation {
    /** The dependent stage object (thenApply, thenCombine...), made with the executor it will run on. */
    private static final String UNI_COMPLETION = "java.util.concurrent.CompletableFuture$UniCompletion";

    @Override
    public AsyncGroup group() {
        return AsyncGroup.COMPLETABLEFUTURE;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.CompletableFuture").or(named(UNI_COMPLETION));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        if (builder.toTypeDescription().getName().equals(UNI_COMPLETION)) {
            return builder.visit(advice.on(Completion.class, isConstructor().and(takesArgument(0, Executor.class))));
        }
        return builder
                .visit(advice.on(CommonAdvice.KindOnlyCall.class, nameEndsWith("Async").and(isPublic())))
                .visit(advice.on(Made.class, isConstructor().and(takesArguments(0))))
                .visit(advice.on(CompleteValue.class, named("completeValue").and(takesArguments(1))))
                .visit(advice.on(CompleteNull.class, named("completeNull").and(takesArguments(0))))
                .visit(advice.on(CompleteThrowable.class, named("completeThrowable")))
                .visit(advice.on(CommonAdvice.JoinThis.class, namedOneOf("join", "get")
                        .and(takesArguments(0).or(takesArguments(2)))));
    }

    static final class Completion {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object completion, @Advice.Argument(0) Object executor) {
            TaskHooks.completion(completion, executor);
        }
    }

    /** The internal completions its stages end with: the outcome of the task that ran the stage. */
    static final class CompleteValue {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Object value) {
            TaskHooks.stageResult(future, value, null);
        }
    }

    static final class Made {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object future) {
            TaskHooks.stageMade(future);
        }
    }

    static final class CompleteNull {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future) {
            TaskHooks.stageResult(future, null, null);
        }
    }

    static final class CompleteThrowable {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Throwable exception) {
            TaskHooks.stageResult(future, null, exception);
        }
    }
}
