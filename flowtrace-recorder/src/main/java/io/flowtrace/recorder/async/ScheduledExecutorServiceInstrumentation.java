package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.concurrent.ScheduledExecutorService;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code schedule}, {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay} of every ScheduledExecutorService;
 * ScheduledThreadPoolExecutor queues its ScheduledFutureTask in {@code delayedExecute}, not through execute. A
 * virtual thread's timed park schedules its wake-up here (JDK 25: on the scheduler's ForkJoinPool): not a task.
 */
final class ScheduledExecutorServiceInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.EXECUTORS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(isSubTypeOf(ScheduledExecutorService.class));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.subtypesOf(ScheduledExecutorService.class);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder
                .visit(advice.on(CommonAdvice.ScheduleCall.class,
                        namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay")
                                .and(not(isAbstract()))))
                .visit(advice.on(CommonAdvice.QueueArgument0.class,
                        named("delayedExecute").and(takesArguments(1))));
    }
}
