package io.flowtrace.analyzer.model;

import java.util.List;
import java.util.Objects;

/** A traced method, as named by a {@code flowtrace.MethodDefinition} event. */
public final class MethodInfo {
    /** Id that method events of this recording refer to. */
    private final int id;
    /** Binary name of the declaring class, e.g. {@code com.acme.Shop$Cart}. */
    private final String className;
    /** Method name as in the class file: {@code <init>} for constructors, {@code lambda$main$0} for lambda bodies. */
    private final String name;
    /** JVM descriptor, e.g. {@code (I)I}. */
    private final String descriptor;
    /** Parameter names from the class file, or an empty list when it has none. */
    private final List<String> parameterNames;
    /** Access flags as in {@link java.lang.reflect.Modifier}. */
    private final int modifiers;

    public MethodInfo(int id, String className, String name, String descriptor, List<String> parameterNames,
            int modifiers) {
        this.id = id;
        this.className = Objects.requireNonNull(className, "className");
        this.name = Objects.requireNonNull(name, "name");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.parameterNames = List.copyOf(parameterNames);
        this.modifiers = modifiers;
    }

    /** A placeholder for an id whose definition is missing from the recording. */
    public static MethodInfo unknown(int id) {
        return new MethodInfo(id, "?", "method#" + id, "()V", List.of(), 0);
    }

    public int id() {
        return id;
    }

    public String className() {
        return className;
    }

    public String name() {
        return name;
    }

    public String descriptor() {
        return descriptor;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    public int modifiers() {
        return modifiers;
    }

    /** The class name without its package, keeping nesting: {@code Shop$Cart}. */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** True for a constructor. */
    public boolean isConstructor() {
        return name.equals("<init>");
    }

    /** True for a lambda body, a synthetic method named {@code lambda$enclosing$N}. */
    public boolean isLambda() {
        return name.startsWith("lambda$");
    }

    /**
     * The name a user reads: {@code Fib.fib}, {@code Shop.<init>} shown as {@code new Shop}, and a lambda body
     * shown as its enclosing method's lambda, {@code Shop.checkout.λ0}.
     */
    public String displayName() {
        if (isConstructor()) {
            return "new " + simpleClassName();
        }
        if (isLambda()) {
            String[] parts = name.split("\\$");
            if (parts.length >= 3) {
                String enclosing = parts[1].isEmpty() ? "static" : parts[1];
                return simpleClassName() + "." + enclosing + ".λ" + parts[parts.length - 1];
            }
        }
        return simpleClassName() + "." + name;
    }

    /** True when the descriptor's return type is {@code void}. */
    public boolean returnsVoid() {
        return descriptor.endsWith(")V");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodInfo m && m.id == id && m.className.equals(className) && m.name.equals(name)
                && m.descriptor.equals(descriptor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, className, name, descriptor);
    }

    @Override
    public String toString() {
        return className + "." + name + descriptor;
    }
}
