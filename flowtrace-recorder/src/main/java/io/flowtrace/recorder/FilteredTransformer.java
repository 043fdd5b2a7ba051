package io.flowtrace.recorder;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Objects;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * A Byte Buddy transformer that sees only the classes a cheap test lets through, judged from what the JVM hands any
 * transformer, before Byte Buddy parses them: the agent's filters ({@link TracedClassFilter}, the task
 * instrumentation's) decorate their transformers with it.
 */
public final class FilteredTransformer extends ResettableClassFileTransformer.WithDelegation {
    /** Whether the transformer may change a class; false only where it certainly would not. */
    @FunctionalInterface
    public interface Test {
        boolean passes(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                       byte[] classFile);
    }

    private final Test test;

    public FilteredTransformer(ResettableClassFileTransformer transformer, Test test) {
        super(transformer);
        this.test = Objects.requireNonNull(test, "test");
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return test.passes(loader, internalName, redefined, domain, classFile)
                ? classFileTransformer.transform(loader, internalName, redefined, domain, classFile) : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return test.passes(loader, internalName, redefined, domain, classFile)
                ? classFileTransformer.transform(module, loader, internalName, redefined, domain, classFile) : null;
    }
}
