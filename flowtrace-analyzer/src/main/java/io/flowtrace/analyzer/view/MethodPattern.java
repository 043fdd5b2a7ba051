package io.flowtrace.analyzer.view;

import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.events.TracePattern;

/**
 * A pattern that selects traced methods, in the same four forms as the recorder's {@code --include}:
 *
 * <ul>
 * <li>{@code com.acme.**} — classes of package {@code com.acme} and its subpackages
 * <li>{@code com.acme.*} — classes of package {@code com.acme} only
 * <li>{@code com.acme.Foo} — class {@code Foo} and its nested classes ({@code Foo$Bar})
 * <li>{@code com.acme.Foo::bar} — methods named {@code bar} of class {@code Foo}; {@code ::<init>} selects its
 * constructors
 * </ul>
 *
 * Class names are binary names, so a nested class is written {@code com.acme.Foo$Bar}. The syntax is
 * {@link TracePattern}'s, shared with the recorder; this class applies it to the analyzer's model.
 */
public final class MethodPattern {
    private final TracePattern pattern;

    private MethodPattern(TracePattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a one-line message {@code invalid pattern 'x': ...} when the text is
     *                                  not one of the four forms
     */
    public static MethodPattern parse(String text) {
        return new MethodPattern(TracePattern.parse(text));
    }

    /** True when the pattern selects the method. */
    public boolean matches(MethodInfo method) {
        return pattern.matches(method.className(), method.name());
    }

    /**
     * True when the pattern selects a method.
     *
     * @param className  binary class name, e.g. {@code com.acme.Shop$Cart}
     * @param methodName method name as in the class file, {@code <init>} for constructors
     */
    public boolean matches(String className, String methodName) {
        return pattern.matches(className, methodName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodPattern p && p.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return pattern.toString();
    }
}
