package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Map;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * java.lang.Thread's views of other threads' stacks ({@code getStackTrace}, {@code getAllStackTraces}): without the
 * frames of the executors' task wrapper, which the JVM hides from Throwable and StackWalker but not from these.
 */
final class ThreadStackInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS; // the wrapper is the executors' group's
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
                .visit(advice.on(OneStack.class, named("getStackTrace").and(takesArguments(0))))
                .visit(advice.on(AllStacks.class, named("getAllStackTraces").and(takesArguments(0))));
    }

    static final class OneStack {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return(readOnly = false) StackTraceElement[] frames) {
            frames = TaskHooks.withoutWrappers(frames);
        }
    }

    static final class AllStacks {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Map<Thread, StackTraceElement[]> stacks) {
            TaskHooks.withoutWrappers(stacks);
        }
    }
}
