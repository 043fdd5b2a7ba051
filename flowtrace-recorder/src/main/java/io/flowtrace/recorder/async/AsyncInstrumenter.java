package io.flowtrace.recorder.async;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import io.flowtrace.recorder.AgentBuilders;
import io.flowtrace.recorder.ClassDescriptions;
import io.flowtrace.recorder.ClassFilter;
import io.flowtrace.recorder.LoadedClasses;
import io.flowtrace.recorder.runtime.TaskHooks;
import io.flowtrace.recorder.runtime.TaskTracer;
import io.flowtrace.recorder.runtime.TracedRunnable;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The async instrumentations of the groups not switched off, whatever methods are traced: of the JDK's concurrency
 * classes (loaded before the agent, so changed by retransformation) and of every executor class the program loads.
 * Separate from the method tracing so that the JDK's own classes are touched only here.
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
     * Loads the classes the instrumented JDK methods call into, now: first loaded inside a JDK method on some thread,
     * their loading could deadlock. Called before the instrumentation is installed.
     */
    public static void loadHooks() {
        for (Class<?> helper : List.of(TaskHooks.class, TaskTracer.class, TracedRunnable.class)) {
            try {
                Class.forName(helper.getName(), true, helper.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        TaskHooks.withoutWrappers(new StackTraceElement[0]); // loads the stack filter now too
    }

    /**
     * The task instrumentation's Byte Buddy transformer, not installed: the hand-offs are recorded once
     * {@link TaskHooks#install} is given a tracer. It sees only the classes {@link #filter} lets through.
     *
     * @param disabled groups the user switched off
     * @param failures told about each class that could not be instrumented, with the reason
     * @return the transformer; null when every group is off
     */
    public static ClassFileTransformer transformer(Instrumentation instrumentation, Set<AsyncGroup> disabled,
                                                   BiConsumer<String, Throwable> failures) {
        List<AsyncInstrumentation> enabled = ALL.stream().filter(each -> !disabled.contains(each.group())).toList();
        if (enabled.isEmpty()) {
            return null;
        }
        AdviceFactory advice = new AdviceFactory();
        AgentBuilder builder = AgentBuilders.create(new ByteBuddy())
                .disableClassFormatChanges() // retransformation may only change method bodies
                // classes described from their class files (lazily): with descriptions by reflection (HYBRID)
                // JDK 25's ForkJoinPool.invoke was left without its advice
                .with(ClassDescriptions.lazy())
                // the supertypes that the subtype matchers walk, read once per class loader
                .with(ClassDescriptions.cachedPool(TypePool.Default.ReaderMode.FAST))
                .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK) // cached types must not hold their loader
                .with(new Failures(failures))
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
        return installed.makeRaw();
    }

    /**
     * Which classes being loaded the task instrumentation of the groups not {@code disabled} may change, by names:
     * most are not even parsed. Classes being retransformed all pass: the agent picks those by {@link #loadedClasses}.
     */
    public static ClassFilter filter(Set<AsyncGroup> disabled) {
        return new TaskClassFilter(candidates(disabled));
    }

    /**
     * Whether the task instrumentation's result for a class may be cached by its name and bytes alone: 0 for the
     * JDK's own classes (its class loaders', and those of its modules the application class loader defines, such as
     * javac's), whose supertypes are the JDK's too; -1 for any other class, whose supertypes (which the matchers
     * walk) may change while its own bytes do not ({@link TaskCacheContext} names those).
     */
    public static int cacheContext(ClassLoader loader, ProtectionDomain domain) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return 0;
        }
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location != null && "jrt".equals(location.getProtocol()) ? 0 : -1;
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
