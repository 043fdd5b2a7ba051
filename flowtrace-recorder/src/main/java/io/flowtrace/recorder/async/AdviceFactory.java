package io.flowtrace.recorder.async;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

/** Makes advice visitors from the advice classes on the bootstrap path, with {@link Kind} bound. */
final class AdviceFactory {
    private final ClassFileLocator locator = new ClassFileLocator.Compound(
            ClassFileLocator.ForClassLoader.ofBootLoader(), ClassFileLocator.ForClassLoader.ofSystemLoader());

    /** Advice classes are parsed once per kind, not for every class they go into. */
    private final Map<String, Advice> made = new ConcurrentHashMap<>();

    /** {@code advice} on the methods matched, with {@code @Kind} bound to {@code kind}. */
    AsmVisitorWrapper on(Class<?> advice, String kind, ElementMatcher<? super MethodDescription> methods) {
        return made.computeIfAbsent(advice.getName() + "/" + kind, key -> Advice.withCustomMapping()
                .bind(Kind.class, kind).to(TypeDescription.ForLoadedType.of(advice), locator)).on(methods);
    }

    AsmVisitorWrapper on(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
        return on(advice, "", methods);
    }
}
