package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * FutureTask (what submit, invokeAll and schedule queue): run is the task's start and end, set/setException its
 * outcome, get a join, cancel before run its end; runAndReset (each run of scheduleAtFixedRate/WithFixedDelay) a
 * start and end of the same task, which runs again.
 */
final class FutureTaskInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.FutureTask");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.util.concurrent.FutureTask");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(Made.class, isConstructor()))
                .visit(advice.on(CommonAdvice.RunThis.class, named("run").and(takesArguments(0))))
                .visit(advice.on(RunPeriodic.class, named("runAndReset").and(takesArguments(0))))
                .visit(advice.on(Set.class, named("set").and(takesArguments(1))))
                .visit(advice.on(SetException.class, named("setException").and(takesArguments(Throwable.class))))
                .visit(advice.on(CommonAdvice.CancelThis.class, named("cancel").and(takesArguments(boolean.class))))
                .visit(advice.on(CommonAdvice.JoinThis.class, "get", named("get")));
    }

    /** Made inside a fork API call (ThreadPerTaskExecutor.submit): linked to the task forked there. */
    static final class Made {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object future) {
            TaskHooks.stageMade(future);
        }
    }

    static final class RunPeriodic {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task) {
            return TaskHooks.startRun(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object running, @Advice.Thrown Throwable thrown) {
            TaskHooks.end(running, thrown);
        }
    }

    static final class Set {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Object value) {
            TaskHooks.result(future, value, null);
        }
    }

    static final class SetException {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future, @Advice.Argument(0) Throwable exception) {
            TaskHooks.result(future, null, exception);
        }
    }
}
