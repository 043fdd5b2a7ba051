package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ForkJoinPool: execute/submit/invoke of a ForkJoinTask fork it (invoke also waits); submit(Callable) and the like queue an adapter
 * through an internal method (its name changed between JDK 17 and 25), which forks it inside those calls only —
 * virtual threads' continuations go through the same methods and are no tasks of the program.
 */
final class ForkJoinPoolInstrumentation implements AsyncInstrumentation {
    /**
     * By name, not {@code ForkJoinTask.class}: that would load ForkJoinTask inside the pool's transformation, and a
     * class loaded there is not transformed (Byte Buddy's circularity lock): a pool made first lost every task.
     */
    private static final ElementMatcher<TypeDescription> TASK = named("java.util.concurrent.ForkJoinTask");

    @Override
    public AsyncGroup group() {
        return AsyncGroup.FORKJOIN;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("java.util.concurrent.ForkJoinPool");
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.named("java.util.concurrent.ForkJoinPool");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(ForkArgument.class, namedOneOf("execute", "submit").and(isPublic())
                        .and(takesArgument(0, TASK))))
                .visit(advice.on(Invoke.class, named("invoke").and(takesArgument(0, TASK))))
                .visit(advice.on(CommonAdvice.QueueArgument0.class, namedOneOf("externalPush", "externalSubmit")
                        .and(not(isPublic())).and(takesArgument(0, TASK))))
                .visit(advice.on(CommonAdvice.QueueArgument1.class, named("poolSubmit")
                        .and(takesArgument(1, TASK))));
    }

    static final class ForkArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object pool, @Advice.Origin("#m") String kind,
                            @Advice.Argument(0) Object task) {
            return TaskHooks.enterFork(kind, pool, task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame) {
            TaskHooks.exit(frame, null);
        }
    }

    /** invoke(task) forks the task and waits for it. */
    static final class Invoke {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object pool, @Advice.Argument(0) Object task) {
            return TaskHooks.enterInvoke(pool, task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object invocation, @Advice.Argument(0) Object task) {
            TaskHooks.exitInvoke(invocation, task);
        }
    }
}
