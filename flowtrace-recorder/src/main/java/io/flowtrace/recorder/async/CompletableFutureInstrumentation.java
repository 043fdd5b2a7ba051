package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * CompletableFuture: each static *Async method is the kind of the task its executor gets (supplyAsync, runAsync),
 * each dependent stage method (thenApply, thenCombineAsync, exceptionally...) the kind of the stage's task, linked
 * to the task of the stage it consumes; the returned future is linked to the task, so that join/get are joins of
 * it. A stage without executor runs in the call when its source is complete, else where its completion (a
 * UniCompletion) claims it; allOf/anyOf make a future whose join is a join of their parts.
 */
final class CompletableFutureInstrumentation implements AsyncInstrumentation {
    /** The dependent stage object (thenApply, thenCombine...), made with the executor it will run on, or none. */
    private static final String UNI_COMPLETION = "java.util.concurrent.CompletableFuture$UniCompletion";
    /** Types by name: a class loaded inside a transformation is never transformed itself (as ForkJoinTask was). */
    private static final ElementMatcher<TypeDescription> EXECUTOR = named("java.util.concurrent.Executor");
    private static final ElementMatcher<TypeDescription> STAGE = named("java.util.concurrent.CompletionStage");

    /** Stage methods on one source: the function is their first argument. */
    private static final List<String> UNI_STAGES = withAsync("thenApply", "thenAccept", "thenRun", "thenCompose",
            "whenComplete", "handle", "exceptionally", "exceptionallyCompose");

    /** Stage methods on two sources: the other stage first, then the function. */
    private static final List<String> BI_STAGES = withAsync("thenCombine", "thenAcceptBoth", "runAfterBoth",
            "applyToEither", "acceptEither", "runAfterEither");

    @Override
    public AsyncGroup group() {
        return AsyncGroup.COMPLETABLEFUTURE;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.CompletableFuture").or(named(UNI_COMPLETION))
                .or(hasSuperClass(named(UNI_COMPLETION)));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.util.concurrent.CompletableFuture", UNI_COMPLETION).orSubtypesOf(UNI_COMPLETION);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        String name = builder.toTypeDescription().getName();
        if (name.equals(UNI_COMPLETION)) {
            return builder
                    .visit(advice.on(Completion.class, isConstructor().and(takesArgument(0, EXECUTOR))))
                    .visit(advice.on(Claim.class, named("claim").and(takesArguments(0))));
        }
        if (!name.equals("java.util.concurrent.CompletableFuture")) { // UniApply, BiApply, OrRun...
            return builder.visit(advice.on(Fire.class,
                    named("tryFire").and(takesArguments(int.class)).and(not(isAbstract()))));
        }
        return builder
                .visit(advice.on(CommonAdvice.KindOnlyCall.class, nameEndsWith("Async").and(isPublic())
                        .and(isStatic().or(named("completeAsync")))))
                .visit(advice.on(UniStage.class, namedOneOf(UNI_STAGES.toArray(new String[0]))
                        .and(isPublic()).and(not(isStatic())).and(not(takesArgument(0, STAGE)))))
                .visit(advice.on(BiStage.class, namedOneOf(BI_STAGES.toArray(new String[0]))
                        .and(isPublic()).and(not(isStatic())).and(takesArgument(0, STAGE))))
                .visit(advice.on(Combined.class, namedOneOf("allOf", "anyOf").and(isStatic())))
                .visit(advice.on(Made.class, isConstructor().and(takesArguments(0))))
                .visit(advice.on(CompleteValue.class, named("completeValue").and(takesArguments(1))))
                .visit(advice.on(CompleteNull.class, named("completeNull").and(takesArguments(0))))
                .visit(advice.on(CompleteThrowable.class, named("completeThrowable")))
                .visit(advice.on(CommonAdvice.JoinThis.class, namedOneOf("join", "get")
                        .and(takesArguments(0).or(takesArguments(2)))));
    }

    private static List<String> withAsync(String... names) {
        List<String> all = new ArrayList<>();
        for (String name : names) {
            all.add(name);
            all.add(name + "Async");
        }
        return List.copyOf(all);
    }

    /** A stage method on one source ({@code this}): thenApply(fn), thenRunAsync(action, executor)... */
    static final class UniStage {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object source, @Advice.FieldValue("result") Object result,
                            @Advice.Origin("#m") String method, @Advice.Argument(0) Object function) {
            return TaskHooks.enterStage(method, source, result, null, function);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            TaskHooks.exitStage(frame, returned, thrown);
        }
    }

    /** A stage method on two sources, {@code this} and its first argument: thenCombine(other, fn)... */
    static final class BiStage {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object source, @Advice.FieldValue("result") Object result,
                            @Advice.Origin("#m") String method, @Advice.Argument(0) Object other,
                            @Advice.Argument(1) Object function) {
            return TaskHooks.enterStage(method, source, result, other, function);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            TaskHooks.exitStage(frame, returned, thrown);
        }
    }

    /** allOf/anyOf: the future returned stands for the tasks of the futures given. */
    static final class Combined {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) Object[] parts,
                         @Advice.Return Object combined) {
            TaskHooks.combined(method, combined, parts);
        }
    }

    /** UniCompletion.claim() returned true: the stage's function runs on this thread, now. */
    static final class Claim {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object completion, @Advice.Return boolean claimed) {
            TaskHooks.stageClaimed(completion, claimed);
        }
    }

    /** tryFire of a stage's completion: it fired when it let go of its dependent future. */
    static final class Fire {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.FieldValue("dep") Object dependent) {
            return dependent;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object completion, @Advice.Enter Object dependentBefore,
                         @Advice.FieldValue("dep") Object dependentAfter) {
            TaskHooks.stageFired(completion, dependentBefore, dependentAfter);
        }
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
