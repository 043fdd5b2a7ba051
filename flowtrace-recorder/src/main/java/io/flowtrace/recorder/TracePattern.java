package io.flowtrace.recorder;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One include or exclude pattern: {@code com.acme.**} (package and subpackages), {@code com.acme.*} (classes of
 * the package), {@code com.acme.Foo} (the class and its nested classes) or {@code com.acme.Foo::bar} (methods
 * named bar of that class; {@code ::<init>} for its constructors).
 */
final class TracePattern {
    private static final String NAME = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
    private static final Pattern SYNTAX = Pattern.compile(
            NAME + "(\\." + NAME + ")*(\\.\\*\\*|\\.\\*|::(" + NAME + "|<init>))?");

    private enum Kind { PACKAGE_TREE, PACKAGE, TYPE, METHOD }

    private final String text;
    private final Kind kind;
    private final String prefix;
    private final String method;

    private TracePattern(String text, Kind kind, String prefix, String method) {
        this.text = text;
        this.kind = kind;
        this.prefix = prefix;
        this.method = method;
    }

    /** Parses a pattern; throws IllegalArgumentException naming it when it is not one of the four forms. */
    static TracePattern parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("bad pattern '" + text + "'");
        }
        if (text.endsWith(".**")) {
            return new TracePattern(text, Kind.PACKAGE_TREE, text.substring(0, text.length() - 2), null);
        }
        if (text.endsWith(".*")) {
            return new TracePattern(text, Kind.PACKAGE, text.substring(0, text.length() - 1), null);
        }
        int colons = text.indexOf("::");
        if (colons >= 0) {
            return new TracePattern(text, Kind.METHOD, text.substring(0, colons), text.substring(colons + 2));
        }
        return new TracePattern(text, Kind.TYPE, text, null);
    }

    /** Whether this pattern names a whole class, not only some of its methods. */
    boolean coversWholeType() {
        return kind != Kind.METHOD;
    }

    /** Whether some methods of the class (given by binary name) match. */
    boolean matchesType(String type) {
        return switch (kind) {
            case PACKAGE_TREE -> type.startsWith(prefix);
            case PACKAGE -> type.startsWith(prefix) && type.indexOf('.', prefix.length()) < 0;
            case TYPE -> type.equals(prefix) || type.startsWith(prefix) && type.charAt(prefix.length()) == '$';
            case METHOD -> type.equals(prefix);
        };
    }

    /** Whether the method (name as in the class file, {@code <init>} for constructors) of the class matches. */
    boolean matchesMethod(String type, String name) {
        return matchesType(type) && (method == null || method.equals(name));
    }

    @Override
    public String toString() {
        return text;
    }
}
