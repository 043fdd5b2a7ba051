package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code run()} of a Thread subclass that overrides it (surefire's and Tomcat's threads, {@code class Worker
 * extends Thread}; not the JDK's own): Thread.run never runs there, so the thread's start and end are recorded here. A run that calls
 * super.run() starts the task once: the first start claims it.
 */
final class ThreadSubclassInstrumentation implements AsyncInstrumentation {
    private static final ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> RUN =
            named("run").and(takesArguments(0));

    @Override
    public AsyncGroup group() {
        return AsyncGroup.THREADS;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        // not the JDK's own (TaskCandidates.isJdkName): a ForkJoinWorkerThread runs its pool's tasks, which record
        // themselves
        return not(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")))
                .and(isSubTypeOf(Thread.class)).and(declaresMethod(RUN));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.programSubtypesOf(Thread.class);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder.visit(advice.on(CommonAdvice.RunThis.class, RUN));
    }
}
