package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import io.flowtrace.recorder.AgentBuilders;
import io.flowtrace.recorder.ClassDescriptions;
import io.flowtrace.recorder.LoadedClasses;
import io.flowtrace.recorder.runtime.TaskHooks;
import io.flowtrace.recorder.runtime.TaskTracer;
import io.flowtrace.recorder.runtime.TracedRunnable;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the async instrumentations of the groups not switched off, whatever methods are traced: into the
 * JDK's concurrency classes (loaded before the agent, so by retransformation) and into every executor class the
 * program loads. Separate from the method tracing so that the JDK's own classes are touched only here.
 */
public final class AsyncInstrumenter {
    static final List<AsyncInstrumentation> ALL = List.of(
            new ExecutorInstrumentation(), new ExecutorServiceInstrumentation(),
            new ScheduledExecutorServiceInstrumentation(), new ThreadPoolExecutorInstrumentation(),
            new FutureTaskInstrumentation(), new ForkJoinTaskInstrumentation(), new ForkJoinPoolInstrumentation(),
            new CompletableFutureInstrumentation(), new ThreadInstrumentation(), new ThreadSubclassInstrumentation(),
            new ThreadStackInstrumentation(), new VirtualThreadInstrumentation(),
            new StructuredTaskScopeInstrumentation());

    private AsyncInstrumenter() {
    }

    /**
     * Instruments; the hand-offs are recorded once {@link TaskHooks#install} is given a tracer.
     *
     * @param disabled groups the user switched off
     * @param failures told about each class that could not be instrumented, with the reason
     * @param retransformation the listener that splits failing retransformations and reports them to failures
     * @param inner decorates Byte Buddy's transformer inside the name filter, e.g. with a cache of its results
     * @return the transformer, which puts the classes back when reset; null when every group is off
     */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation, Set<AsyncGroup> disabled,
            BiConsumer<String, Throwable> failures,
            AgentBuilder.RedefinitionStrategy.Listener retransformation, AgentBuilder.TransformerDecorator inner) {
        // loaded now, not first inside a JDK method on some thread (class loading there could deadlock)
        for (Class<?> helper : List.of(TaskHooks.class, TaskTracer.class, TracedRunnable.class)) {
            try {
                Class.forName(helper.getName(), true, helper.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        TaskHooks.withoutWrappers(new StackTraceElement[0]); // loads the stack filter now too
        List<AsyncInstrumentation> enabled = ALL.stream().filter(each -> !disabled.contains(each.group())).toList();
        if (enabled.isEmpty()) {
            return null;
        }
        AdviceFactory advice = new AdviceFactory();
        AgentBuilder builder = AgentBuilders.create(new ByteBuddy())
                .disableClassFormatChanges() // retransformation may only change method bodies
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // the loaded classes matched by reflection (cheap), not each described from its class file
                .with(loadedClasses(disabled))
                .with(retransformation)
                // classes described from their class files (lazily): with descriptions by reflection (HYBRID)
                // JDK 25's ForkJoinPool.invoke was left without its advice
                .with(ClassDescriptions.lazy())
                // the supertypes that the subtype matchers walk, read once per class loader
                .with(ClassDescriptions.cachedPool(TypePool.Default.ReaderMode.FAST))
                .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK) // cached types must not hold their loader
                .with(new Failures(failures))
                // classes being loaded are matched by names first: most are not even parsed
                .with(inner) // decorators apply in order: this one first, inside the filter
                .with(new TaskClassFilter(candidates(disabled)))
                .assureReadEdgeTo(instrumentation, TaskHooks.class) // java.base must read the hooks' module
                .ignore(nameStartsWith("io.flowtrace.").or(nameStartsWith("net.bytebuddy."))
                        .or(nameContains("$$Lambda")).or(isSynthetic()).or(ElementMatchers.isArray()));
        AgentBuilder.Identified.Extendable installed = null;
        for (AsyncInstrumentation each : enabled) {
            AgentBuilder.Transformer transformer = (type, description, loader, module, domain) ->
                    each.transform(type, advice);
            installed = installed == null ? builder.type(each.types()).transform(transformer)
                    : installed.type(each.types()).transform(transformer);
        }
        return installed.installOn(instrumentation);
    }

    /** The loaded classes the instrumentations of the groups not {@code disabled} may change. */
    public static LoadedClasses loadedClasses(Set<AsyncGroup> disabled) {
        return LoadedClasses.matching(candidates(disabled)::coversLoaded);
    }

    /** Every class the instrumentations of the groups not {@code disabled} may change, by names. */
    static TaskCandidates candidates(Set<AsyncGroup> disabled) {
        return TaskCandidates.union(ALL.stream().filter(each -> !disabled.contains(each.group()))
                .map(AsyncInstrumentation::candidates).toList());
    }

    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final BiConsumer<String, Throwable> failures;

        Failures(BiConsumer<String, Throwable> failures) {
            this.failures = failures;
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            failures.accept(typeName, throwable);
        }
    }
}
