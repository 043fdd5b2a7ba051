package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.flowtrace.recorder.advice.ConstructorExitAdvice;
import io.flowtrace.recorder.advice.EnterAdvice;
import io.flowtrace.recorder.advice.EnterWithoutValuesAdvice;
import io.flowtrace.recorder.advice.ValueExitAdvice;
import io.flowtrace.recorder.advice.VoidExitAdvice;
import io.flowtrace.recorder.runtime.Hooks;
import io.flowtrace.recorder.runtime.ValueMode;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into every traced method as classes load (and into matching classes loaded before the
 * agent started, by retransformation). Advice is inlined and calls {@link Hooks}, with primitive values passed
 * typed ({@link HookMappings}); separate exit advice for value-returning methods, void methods and constructors.
 */
final class Instrumenter {
    private final TraceSelection selection;
    private final Diagnostics diagnostics;
    private final Advice valueAdvice;
    private final Advice voidAdvice;
    private final Advice constructorAdvice;
    private final InstrumentationErrors errors;

    Instrumenter(TraceSelection selection, MethodIdMapping ids, ValueMode values, Diagnostics diagnostics,
                 InstrumentationErrors errors) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.errors = Objects.requireNonNull(errors, "errors");
        Advice.WithCustomMapping mapping = new HookMappings(ids).bind(Advice.withCustomMapping().bind(ids));
        // the advice classes are on the bootstrap path; one appended at run time shows only through the agent
        // jar's place on the system class path
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.ForClassLoader.ofBootLoader(), ClassFileLocator.ForClassLoader.ofSystemLoader());
        boolean none = values == ValueMode.NONE;
        TypeDescription enter = describe(none ? EnterWithoutValuesAdvice.class : EnterAdvice.class);
        valueAdvice = mapping.to(enter, describe(none ? VoidExitAdvice.class : ValueExitAdvice.class), locator);
        voidAdvice = mapping.to(enter, describe(VoidExitAdvice.class), locator);
        constructorAdvice = mapping.to(enter, describe(ConstructorExitAdvice.class), locator);
    }

    private static TypeDescription describe(Class<?> type) {
        return TypeDescription.ForLoadedType.of(type);
    }

    /** Instruments; the transformer returned puts every class back when {@link #reset}. */
    ResettableClassFileTransformer install(Instrumentation instrumentation) {
        return agentBuilder()
                .disableClassFormatChanges() // retransformation may only change method bodies
                // the advice only rewrites method bodies: decorating skips Byte Buddy's method graph of the class and
                // its supertypes, whose visibility checks parsed the class files of every type in their signatures
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(loadedClasses())
                .with(Retransformation.splitting((type, failure) -> errors.failed(type, "", failure)))
                .with(new TracedClassFilter(selection)) // most classes need not be parsed at all
                .with(AgentBuilder.PoolStrategy.Default.EXTENDED) // parameter names also from debug info
                .with(ClassDescriptions.lazy())
                .with(new Listener())
                .assureReadEdgeTo(instrumentation, Hooks.class) // named modules must read the hooks' module
                .ignore((type, loader, module, redefined, domain) -> TraceSelection.isOffLimits(type.getName(), module))
                .type((type, loader, module, redefined, domain) ->
                        selection.tracedMethods(type, loader, domain) != null)
                .transform(this::transform)
                .installOn(instrumentation);
    }

    /**
     * Removes the instrumentation {@link #install} made and puts the classes back.
     *
     * @return the classes that could not be put back, with the reason
     */
    List<String> reset(ResettableClassFileTransformer transformer, Instrumentation instrumentation) {
        return Retransformation.reset(transformer, instrumentation, loadedClasses());
    }

    private LoadedClasses loadedClasses() {
        return LoadedClasses.matching(type -> !TraceSelection.isOffLimits(type.getName(), null)
                && selection.mayTrace(type));
    }

    private static AgentBuilder agentBuilder() {
        // Byte Buddy leaves synthetic methods alone by default; lambda bodies are synthetic and traced
        // and the advice needs only the class's own methods: no graph of the inherited ones (with DECORATE)
        return AgentBuilders.create(new ByteBuddy().ignore(ElementMatchers.none())
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE));
    }

    private DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                             ClassLoader loader, JavaModule module,
                                             java.security.ProtectionDomain domain) {
        ElementMatcher<MethodDescription> traced = selection.tracedMethods(type, loader, domain);
        if (traced == null) {
            return builder;
        }
        if (diagnostics.isDebug()) {
            diagnostics.debug("instrumenting " + type.getName() + ": " + type.getDeclaredMethods().stream()
                    .filter(traced::matches)
                    .map(method -> method.getInternalName() + method.getDescriptor())
                    .collect(Collectors.joining(", ")));
        }
        return builder
                .visit(valueAdvice.on(method -> method.isMethod() && !method.getReturnType().represents(void.class)
                        && traced.matches(method)))
                .visit(voidAdvice.on(method -> method.isMethod() && method.getReturnType().represents(void.class)
                        && traced.matches(method)))
                .visit(constructorAdvice.on(method -> method.isConstructor() && traced.matches(method)));
    }

    /** Counts each class that failed; the class then runs uninstrumented. */
    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            errors.failed(typeName, "", throwable);
        }
    }
}
