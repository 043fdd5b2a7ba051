package io.flowtrace.analyzer.model;

import java.util.Objects;

/**
 * One frame of a stack trace: of a task's fork site, a join site, or a thread's live stack in a thread dump.
 * JFR stack traces name no source file, so {@link #fileName()} is derived from the class name.
 */
public final class StackFrame {
    /** Binary name of the class, e.g. {@code com.acme.Shop$Cart}. */
    private final String className;
    /** Method name, e.g. {@code checkout}. */
    private final String methodName;
    /** Line number, or -1 when unknown (native or compiled without line numbers). */
    private final int line;

    public StackFrame(String className, String methodName, int line) {
        this.className = Objects.requireNonNull(className, "className");
        this.methodName = Objects.requireNonNull(methodName, "methodName");
        this.line = line;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** Line number, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** The class name without its package, keeping nesting: {@code Shop$Cart}. */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The source file a Java compiler would have read: {@code Shop.java} for {@code com.acme.Shop$Cart}. */
    public String fileName() {
        String simple = simpleClassName();
        int nested = simple.indexOf('$');
        return (nested > 0 ? simple.substring(0, nested) : simple) + ".java";
    }

    /** True for a frame of the JDK ({@code java.*}, {@code jdk.*}, {@code sun.*}, ...) or of FlowTrace itself. */
    public boolean isPlatform() {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.")
                || className.startsWith("io.flowtrace.");
    }

    /** {@code Shop.checkout} */
    public String shortName() {
        return simpleClassName() + "." + methodName;
    }

    /** {@code Shop.checkout (Shop.java:12)}, without the line part when it is unknown. */
    public String display() {
        return shortName() + (line >= 0 ? " (" + fileName() + ":" + line + ")" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackFrame f && f.line == line && f.className.equals(className)
                && f.methodName.equals(methodName);
    }

    @Override
    public int hashCode() {
        return (className.hashCode() * 31 + methodName.hashCode()) * 31 + line;
    }

    @Override
    public String toString() {
        return className + "." + methodName + (line >= 0 ? ":" + line : "");
    }
}
