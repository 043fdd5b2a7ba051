package io.flowtrace.analyzer.view;

import java.util.Objects;
import java.util.regex.Pattern;

import io.flowtrace.analyzer.model.MethodInfo;

/**
 * A pattern that selects traced methods, in the syntax of the recorder's {@code --include}:
 *
 * <ul>
 * <li>{@code com.acme.**} — classes of package {@code com.acme} and its subpackages
 * <li>{@code com.acme.*} — classes of package {@code com.acme} only
 * <li>{@code com.acme.Foo} — class {@code Foo} and its nested classes ({@code Foo$Bar})
 * <li>{@code com.acme.Foo::bar} — methods named {@code bar} of such classes; {@code ::<init>} selects
 * constructors, and {@code *} in the method name matches any characters ({@code ::get*})
 * </ul>
 */
public final class MethodPattern {
    private enum Kind { ALL, SUBPACKAGES, PACKAGE, CLASS }

    private final String text;
    private final Kind kind;
    /** Package or class name, without the trailing {@code .*} or {@code .**}. */
    private final String name;
    /** Method name, or {@code null} for every method. */
    private final Pattern method;

    private MethodPattern(String text, Kind kind, String name, Pattern method) {
        this.text = text;
        this.kind = kind;
        this.name = name;
        this.method = method;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a one-line message {@code invalid pattern 'x': ...} when the text is
     *                                  not a pattern
     */
    public static MethodPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        String classPart = s;
        Pattern method = null;
        int sep = s.indexOf("::");
        if (sep >= 0) {
            if (s.indexOf("::", sep + 2) >= 0) {
                throw invalid(text, "more than one '::'");
            }
            classPart = s.substring(0, sep);
            method = methodPattern(text, s.substring(sep + 2));
            if (classPart.isEmpty()) {
                throw invalid(text, "class missing before '::'");
            }
        }
        if (classPart.equals("**")) {
            return new MethodPattern(s, Kind.ALL, "", method);
        }
        Kind kind = Kind.CLASS;
        String name = classPart;
        if (classPart.endsWith(".**")) {
            kind = Kind.SUBPACKAGES;
            name = classPart.substring(0, classPart.length() - 3);
        } else if (classPart.endsWith(".*")) {
            kind = Kind.PACKAGE;
            name = classPart.substring(0, classPart.length() - 2);
        } else if (classPart.equals("*")) {
            return new MethodPattern(s, Kind.PACKAGE, "", method); // classes of the unnamed package
        }
        checkQualifiedName(text, name);
        return new MethodPattern(s, kind, name, method);
    }

    private static Pattern methodPattern(String text, String m) {
        if (m.isEmpty()) {
            throw invalid(text, "method name missing after '::'");
        }
        if (m.equals("<init>") || m.equals("<clinit>")) {
            return Pattern.compile(Pattern.quote(m));
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (Character.isJavaIdentifierPart(c)) {
                regex.append(Pattern.quote(String.valueOf(c)));
            } else {
                throw invalid(text, "'" + c + "' is not allowed in a method name");
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static void checkQualifiedName(String text, String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw invalid(text, "empty name between dots");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*') {
                throw invalid(text, "'*' only stands alone as the last name, as in 'com.acme.*' or 'com.acme.**'");
            }
            if (c != '.' && !Character.isJavaIdentifierPart(c)) {
                throw invalid(text, "'" + c + "' is not allowed in a class name");
            }
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid pattern '" + text + "': " + why);
    }

    /** True when the pattern selects the method. */
    public boolean matches(MethodInfo method) {
        return matches(method.className(), method.name());
    }

    /**
     * True when the pattern selects a method.
     *
     * @param className  binary class name, e.g. {@code com.acme.Shop$Cart}
     * @param methodName method name, {@code <init>} for constructors
     */
    public boolean matches(String className, String methodName) {
        return matchesClass(className) && (method == null || method.matcher(methodName).matches());
    }

    private boolean matchesClass(String className) {
        return switch (kind) {
            case ALL -> true;
            case SUBPACKAGES -> className.length() > name.length() && className.startsWith(name)
                    && className.charAt(name.length()) == '.';
            case PACKAGE -> className.lastIndexOf('.') == name.length() - (name.isEmpty() ? 1 : 0)
                    && className.startsWith(name);
            case CLASS -> className.startsWith(name) && (className.length() == name.length()
                    || className.charAt(name.length()) == '$');
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
