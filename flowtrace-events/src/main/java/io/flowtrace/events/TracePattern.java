package io.flowtrace.events;

import java.util.Objects;

/**
 * A pattern that selects methods, the syntax shared by {@code record --include} and the analyzer's filters:
 *
 * <ul>
 * <li>{@code com.acme.**} — classes of package {@code com.acme} and its subpackages
 * <li>{@code com.acme.*} — classes of package {@code com.acme} only
 * <li>{@code com.acme.Foo} — class {@code Foo} and its nested classes ({@code Foo$Bar})
 * <li>{@code com.acme.Foo::bar} — methods named {@code bar} of class {@code Foo}; {@code ::<init>} selects its
 * constructors
 * </ul>
 *
 * Class names are binary names, so a nested class is written {@code com.acme.Foo$Bar}.
 */
public final class TracePattern {
    private enum Kind { PACKAGE_TREE, PACKAGE, TYPE, METHOD }

    private final String text;
    private final Kind kind;
    /** For packages the package name with a trailing dot, otherwise the class name. */
    private final String prefix;
    /** Method name for {@link Kind#METHOD}, otherwise {@code null}. */
    private final String method;

    private TracePattern(String text, Kind kind, String prefix, String method) {
        this.text = text;
        this.kind = kind;
        this.prefix = prefix;
        this.method = method;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a one-line message {@code invalid pattern 'x': ...} when the text is
     *                                  not one of the four forms
     */
    public static TracePattern parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        int colons = s.indexOf("::");
        if (colons >= 0) {
            if (s.indexOf("::", colons + 2) >= 0) {
                throw invalid(text, "more than one '::'");
            }
            String type = s.substring(0, colons);
            String name = s.substring(colons + 2);
            if (type.isEmpty()) {
                throw invalid(text, "class missing before '::'");
            }
            if (type.endsWith("*")) {
                throw invalid(text, "'::' needs a class before it, not a package pattern");
            }
            checkName(text, type);
            if (name.isEmpty()) {
                throw invalid(text, "method name missing after '::'");
            }
            if (!name.equals("<init>") && !isIdentifier(name)) {
                throw invalid(text, "'" + name + "' is not a method name (use a name, or <init> for constructors)");
            }
            return new TracePattern(s, Kind.METHOD, type, name);
        }
        if (s.endsWith(".**")) {
            checkName(text, s.substring(0, s.length() - 3));
            return new TracePattern(s, Kind.PACKAGE_TREE, s.substring(0, s.length() - 2), null);
        }
        if (s.endsWith(".*")) {
            checkName(text, s.substring(0, s.length() - 2));
            return new TracePattern(s, Kind.PACKAGE, s.substring(0, s.length() - 1), null);
        }
        checkName(text, s);
        return new TracePattern(s, Kind.TYPE, s, null);
    }

    /** Checks a dotted name such as {@code com.acme.Foo$Bar}. */
    private static void checkName(String text, String name) {
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
        for (String part : name.split("\\.")) {
            if (!Character.isJavaIdentifierStart(part.charAt(0))) {
                throw invalid(text, "'" + part + "' is not a Java name");
            }
        }
    }

    private static boolean isIdentifier(String name) {
        if (!Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid pattern '" + text + "': " + why);
    }

    /** True when the pattern names whole classes, not only some of their methods. */
    public boolean coversWholeType() {
        return kind != Kind.METHOD;
    }

    /**
     * True when some methods of the class match.
     *
     * @param className binary class name, e.g. {@code com.acme.Shop$Cart}
     */
    public boolean matchesType(String className) {
        return switch (kind) {
            case PACKAGE_TREE -> className.startsWith(prefix);
            case PACKAGE -> className.startsWith(prefix) && className.indexOf('.', prefix.length()) < 0;
            case TYPE, METHOD -> className.startsWith(prefix) && (className.length() == prefix.length()
                    || kind == Kind.TYPE && className.charAt(prefix.length()) == '$');
        };
    }

    /**
     * True when the pattern selects a method.
     *
     * @param className  binary class name, e.g. {@code com.acme.Shop$Cart}
     * @param methodName method name as in the class file, {@code <init>} for constructors
     */
    public boolean matches(String className, String methodName) {
        return matchesType(className) && (method == null || method.equals(methodName));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TracePattern p && p.text.equals(text);
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
