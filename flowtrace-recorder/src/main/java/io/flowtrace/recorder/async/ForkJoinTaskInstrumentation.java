package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ForkJoinTask (RecursiveTask, RecursiveAction, parallel streams' tasks): fork and invoke fork it, doExec runs
 * it wherever it runs (a worker, a joining thread that helps, the invoking thread), join/get/invoke wait for it.
 */
final class ForkJoinTaskInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.FORKJOIN;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.ForkJoinTask");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.util.concurrent.ForkJoinTask");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(CommonAdvice.ForkThis.class, "fork", named("fork").and(takesArguments(0))))
                .visit(advice.on(Invoke.class, named("invoke").and(takesArguments(0))))
                .visit(advice.on(CommonAdvice.RunThis.class, named("doExec").and(takesArguments(0))))
                .visit(advice.on(CommonAdvice.JoinThis.class, "join", namedOneOf("join", "quietlyJoin")
                        .and(takesArguments(0))))
                .visit(advice.on(CommonAdvice.JoinThis.class, "get", named("get")))
                .visit(advice.on(CommonAdvice.CancelThis.class, named("cancel").and(takesArguments(boolean.class))));
    }

    /** invoke() forks the task, runs it right here and waits for it: a fork and a join of kind invoke. */
    static final class Invoke {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task) {
            return TaskHooks.enterInvoke(null, task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object invocation, @Advice.This Object task) {
            TaskHooks.exitInvoke(invocation, task);
        }
    }
}
