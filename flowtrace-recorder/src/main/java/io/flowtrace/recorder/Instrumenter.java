package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
import net.bytebuddy.dynamic.loading.ClassInjector;
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
    private final Set<String> failedTypes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger errors = new AtomicInteger();

    Instrumenter(TraceSelection selection, MethodIdMapping ids, ValueMode values, Diagnostics diagnostics) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
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
                .with(Retransformation.splitting((type, failure) -> failed(type, "", failure)))
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

    /**
     * A new agent builder, made while Byte Buddy is told not to touch {@code sun.misc.Unsafe} (which we do not
     * need): from JDK 24 on, that alone prints warnings into the traced program's stderr.
     */
    private static AgentBuilder agentBuilder() {
        String property = ClassInjector.UsingUnsafe.SAFE_PROPERTY; // relocated with Byte Buddy by the shading
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            // Byte Buddy leaves synthetic methods alone by default; lambda bodies are synthetic and traced
            // and the advice needs only the class's own methods: no graph of the inherited ones (with DECORATE)
            return new AgentBuilder.Default(new ByteBuddy().ignore(ElementMatchers.none())
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    /** Classes that could not be instrumented. */
    int errors() {
        return errors.get();
    }

    /**
     * Counts a class that could not be instrumented, once, and names it in the debug log only: frameworks that
     * make classes at run time (Maven's Sisu) make the JDK's own ones fail by the dozen, and the count in the
     * summary says enough.
     *
     * @param purpose what the instrumentation was for, e.g. {@code " for tasks"}, or empty
     */
    void failed(String typeName, String purpose, Throwable throwable) {
        if (failedTypes.add(typeName)) {
            errors.incrementAndGet();
        }
        String message = throwable.getMessage();
        diagnostics.debug("could not instrument " + typeName + purpose + ": "
                + (message == null ? throwable.getClass().getName() : message));
        diagnostics.debug(throwable);
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
            failed(typeName, "", throwable);
        }
    }
}
