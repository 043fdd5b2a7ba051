package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.concurrent.Executor;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Executor.execute(Runnable)} of every executor, the JDK's and the program's: forks the task and hands the
 * executor a wrapper that records where and how it ran (FutureTasks record that themselves and go unwrapped).
 */
final class ExecutorInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(isSubTypeOf(Executor.class));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.subtypesOf(Executor.class);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder.visit(advice.on(Execute.class,
                named("execute").and(takesArguments(Runnable.class)).and(not(isAbstract()))));
    }

    static final class Execute {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object executor,
                            @Advice.Argument(value = 0, readOnly = false) Runnable task) {
            Object frame = TaskHooks.enterExecute(executor, task);
            task = TaskHooks.execute(frame, task);
            return frame;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame) {
            TaskHooks.exit(frame, null);
        }
    }
}
