package io.flowtrace.recorder;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
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
 * The method tracing's Byte Buddy transformer: puts the advice into every traced method of the classes it is handed
 * (as they load, and those loaded before the agent started, by retransformation). Advice is inlined and calls
 * {@link Hooks}, with primitive values passed typed ({@link HookMappings}); separate exit advice for value-returning
 * methods, void methods and constructors.
 */
final class Instrumenter {
    private final TraceSelection selection;
    private final RegisteredMethods methods;
    private final SecretNames secrets;
    private final ValueMode values;
    private final Diagnostics diagnostics;
    private final InstrumentationErrors errors;
    private Advice valueAdvice;
    private Advice voidAdvice;
    private Advice constructorAdvice;

    Instrumenter(TraceSelection selection, RegisteredMethods methods, SecretNames secrets, ValueMode values,
                 Diagnostics diagnostics, InstrumentationErrors errors) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.methods = Objects.requireNonNull(methods, "methods");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.values = Objects.requireNonNull(values, "values");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** Reads the advice classes; once, before the first transformer is made. */
    private void readAdvice() {
        MethodIdMapping ids = new MethodIdMapping(methods, secrets);
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

    /**
     * The transformer, not installed: it changes the classes it is handed, which should be only those the {@link
     * TracedClassFilter} of the same selection lets through (Byte Buddy would parse every other class only to find
     * nothing to trace).
     */
    ClassFileTransformer transformer(Instrumentation instrumentation) {
        if (valueAdvice == null) {
            readAdvice();
        }
        return agentBuilder()
                .disableClassFormatChanges() // retransformation may only change method bodies
                // the advice only rewrites method bodies: decorating skips Byte Buddy's method graph of the class and
                // its supertypes, whose visibility checks parsed the class files of every type in their signatures
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.PoolStrategy.Default.EXTENDED) // parameter names also from debug info
                .with(ClassDescriptions.lazy())
                .with(new Listener())
                .assureReadEdgeTo(instrumentation, Hooks.class) // named modules must read the hooks' module
                .ignore((type, loader, module, redefined, domain) -> TraceSelection.isOffLimits(type.getName(), module))
                .type((type, loader, module, redefined, domain) ->
                        selection.tracedMethods(type, loader, domain) != null)
                .transform(this::transform)
                .makeRaw();
    }

    /** The loaded classes that may have traced methods: a superset of those the transformer changes. */
    LoadedClasses loadedClasses() {
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
