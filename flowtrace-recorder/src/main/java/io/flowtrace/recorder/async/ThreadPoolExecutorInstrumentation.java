package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Keeps ThreadPoolExecutor's task identity as the program sees it although its queue holds our wrappers:
 * {@code shutdownNow()} returns the program's Runnables and {@code remove(task)} finds the wrapped task.
 */
final class ThreadPoolExecutorInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.ThreadPoolExecutor");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.util.concurrent.ThreadPoolExecutor");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(ShutdownNow.class, named("shutdownNow").and(takesArguments(0))))
                .visit(advice.on(Remove.class, named("remove").and(takesArguments(Runnable.class))));
    }

    static final class ShutdownNow {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return List<Runnable> tasks) {
            TaskHooks.unwrap(tasks);
        }
    }

    static final class Remove {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object executor, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = TaskHooks.queued(executor, task);
        }
    }
}
