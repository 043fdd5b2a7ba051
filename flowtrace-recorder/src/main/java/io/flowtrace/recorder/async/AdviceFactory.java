package io.flowtrace.recorder.async;

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

    /** {@code advice} on the methods matched, with {@code @Kind} bound to {@code kind}. */
    AsmVisitorWrapper on(Class<?> advice, String kind, ElementMatcher<? super MethodDescription> methods) {
        return Advice.withCustomMapping().bind(Kind.class, kind)
                .to(TypeDescription.ForLoadedType.of(advice), locator).on(methods);
    }

    AsmVisitorWrapper on(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
        return on(advice, "", methods);
    }
}
