package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * StructuredTaskScope (JDK 21 class, JDK 25 interface with StructuredTaskScopeImpl): fork is the kind
 * structuredFork of the thread it starts, and the returned Subtask is linked to that task.
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
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice) {
        return builder.visit(advice.on(CommonAdvice.ExecutorCall.class, "structuredFork",
                named("fork").and(not(isAbstract()))));
    }
}
