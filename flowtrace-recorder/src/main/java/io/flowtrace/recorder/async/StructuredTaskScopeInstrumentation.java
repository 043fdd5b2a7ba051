package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * StructuredTaskScope (JDK 21 class, JDK 25 interface with StructuredTaskScopeImpl; matched by name, the API is a
 * preview that changes): fork is the kind structuredFork of the thread it starts, and the returned Subtask is
 * linked to that task; join (joinUntil) is a join of kind scopeJoin of every subtask forked in the scope so far,
 * and Subtask.get a join of kind get of its task.
 */
final class StructuredTaskScopeInstrumentation implements AsyncInstrumentation {
    @Override
    public AsyncGroup group() {
        return AsyncGroup.STRUCTURED;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return nameStartsWith("java.util.concurrent.StructuredTaskScope").and(not(isInterface()));
    }

    @Override
    public TaskCandidates candidates() {
        return TaskCandidates.prefixed("java.util.concurrent.StructuredTaskScope");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        if (builder.toTypeDescription().getName().contains("Subtask")) {
            return builder.visit(advice.on(CommonAdvice.JoinThis.class, "get",
                    named("get").and(takesArguments(0)).and(not(isAbstract()))));
        }
        return builder
                .visit(advice.on(CommonAdvice.ExecutorCall.class, "structuredFork",
                        named("fork").and(not(isAbstract()))))
                .visit(advice.on(CommonAdvice.JoinThis.class, "scopeJoin",
                        namedOneOf("join", "joinUntil").and(not(isAbstract()))));
    }
}
