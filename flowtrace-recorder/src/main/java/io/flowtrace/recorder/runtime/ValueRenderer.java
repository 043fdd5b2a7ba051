package io.flowtrace.recorder.runtime;

import java.io.File;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.flowtrace.events.EventNames;
import io.flowtrace.events.records.CallRecords;

/**
 * Turns arguments, results and exception messages into short text for the recording.
 *
 * <p>In {@link ValueMode#SAFE} it never runs code of the traced program: only JDK code whose result cannot
 * depend on user classes (a {@code BigDecimal}'s toString, iterating a {@code java.util.ArrayList}) is called;
 * every other object is shown by class and identity hash, e.g. {@code Shop$Cart@1b6d3586}.
 * {@link ValueMode#TOSTRING} additionally calls those objects' toString(). Callers must make sure that code run
 * here does not record calls of its own (the hooks' reentrancy guard).
 */
public final class ValueRenderer {
    /** Elements of a collection or map shown before the rest is summed up as {@code …+N}. */
    static final int MAX_ELEMENTS = 8;
    /** Collections inside collections are shown this deep; deeper ones by class and size. */
    static final int MAX_DEPTH = 2;
    /** BigIntegers and BigDecimals (unscaled) of more bits, over 1,233 digits, are shown by their size. */
    static final int MAX_NUMBER_BITS = 4096;
    static final String SECRET = "\"***\"";
    static final String ELLIPSIS = "…";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final Set<Class<?>> JDK_VALUES = Set.of(
            BigDecimal.class, BigInteger.class, UUID.class, File.class, URI.class, Locale.class,
            AtomicInteger.class, AtomicLong.class, AtomicBoolean.class,
            OptionalInt.class, OptionalLong.class, OptionalDouble.class);

    private enum Kind { STRING, CHAR, PLAIN, ENUM, CLASS, ARRAY, JDK_VALUE, TEXT, OPTIONAL, COLLECTION, MAP, OTHER }

    /**
     * How values of a class are shown, the word that {@link #write} uses for them, if any, an enum's words of its
     * constants, and the class's {@linkplain #simpleName simple name}, made once rather than for every value shown.
     */
    private record TypeInfo(Kind kind, int wordId, Words.Word word, Words.EnumWords constants, String name) {
        TypeInfo(Kind kind, Words.Word word, Words.EnumWords constants, String name) {
            this(kind, word == null ? -1 : word.id(), word, constants, name); // the id here: one object less per value
        }
    }

    private static final ClassTable<TypeInfo> TYPES = new ClassTable<>(new ClassValue<>() {
        @Override
        protected TypeInfo computeValue(Class<?> type) {
            Kind kind = kindOf(type);
            return new TypeInfo(kind, kind == Kind.OTHER ? Words.ofType(type)
                    : kind == Kind.ARRAY ? Words.ofArrayType(type) : null,
                    kind == Kind.ENUM ? Words.constantsOf(type) : null, simpleName(type));
        }
    });

    /** Whether a throwable's getMessage() and getLocalizedMessage() are JDK code. */
    private static final ClassValue<Boolean> JDK_MESSAGE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.getClassLoader() == null) {
                // a JDK throwable: no reflection, which loads classes, e.g. at a StackOverflowError's depth
                return true;
            }
            try {
                return type.getMethod("getMessage").getDeclaringClass().getClassLoader() == null
                        && type.getMethod("getLocalizedMessage").getDeclaringClass().getClassLoader() == null;
            } catch (NoSuchMethodException | RuntimeException e) {
                return false;
            }
        }
    };

    private final ValueMode mode;
    private final int maxString;

    public ValueRenderer(ValueMode mode, int maxString) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (maxString < 1) {
            throw new IllegalArgumentException("maxString must be at least 1: " + maxString);
        }
        this.maxString = maxString;
    }

    public ValueMode mode() {
        return mode;
    }

    /** Whether arguments and results are recorded at all. */
    public boolean recordsValues() {
        return mode != ValueMode.NONE;
    }

    /** Renders one value, e.g. {@code 42}, {@code "kiwi"}, {@code ["a", "b"]} or {@code Shop$Cart@1b6d3586}. */
    public String render(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.toString();
    }

    /**
     * Writes one value into a call record as {@link #render} shows it, without making the text where the record
     * format has a shorter form: a plain short string is copied in quotes, an enum constant is a word, an object
     * shown by identity is the word of its class and the hash.
     */
    void write(CallBuffer calls, Object value) {
        write(calls, value, 0);
    }

    /** {@link #write(CallBuffer, Object)} of a value {@code depth} collections deep, as {@link #append} renders it. */
    private void write(CallBuffer calls, Object value, int depth) {
        if (value == null) {
            calls.text(NULL);
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class && calls.quoted((String) value, maxString)) {
            return;
        }
        TypeInfo info = TYPES.get(type);
        switch (info.kind()) {
            case OTHER -> {
                if (mode == ValueMode.TOSTRING) {
                    writeRendered(calls, value, depth);
                } else {
                    calls.object(info.wordId(), info.word(), System.identityHashCode(value));
                }
            }
            case ENUM -> calls.word(info.constants().of((Enum<?>) value));
            case PLAIN -> writePlain(calls, value);
            case ARRAY -> calls.array(info.word(), Array.getLength(value));
            case CLASS -> calls.word(Words.ofClassLiteral((Class<?>) value));
            case COLLECTION -> writeCollection(calls, (Collection<?>) value, depth);
            case MAP -> writeMap(calls, (Map<?, ?>) value, depth);
            default -> writeRendered(calls, value, depth);
        }
    }

    /** Renders into the buffer's scratch builder and copies that into the record: no builder, no string made. */
    private void writeRendered(CallBuffer calls, Object value, int depth) {
        StringBuilder out = calls.scratch();
        append(out, value, depth);
        calls.text(out);
    }

    /**
     * A collection as {@link #appendCollection} renders it, its elements written as values of their own (an object
     * as its class's word and hash, a string copied in quotes) rather than rendered to text and copied.
     */
    private void writeCollection(CallBuffer calls, Collection<?> collection, int depth) {
        if (depth >= MAX_DEPTH) {
            writeRendered(calls, collection, depth);
            return;
        }
        long mark = calls.beginContainer(CallRecords.LIST);
        try {
            int shown = 0;
            for (Object element : collection) {
                if (shown == MAX_ELEMENTS) {
                    break;
                }
                shown++;
                writeElement(calls, collection, element, depth);
            }
            calls.endContainer(Math.max(0, collection.size() - shown));
        } catch (RuntimeException e) { // e.g. ConcurrentModificationException while the program changes it
            calls.abandonContainer(mark);
            StringBuilder out = calls.scratch();
            appendSize(out, collection, collection::size);
            calls.text(out);
        }
    }

    /** A map as {@link #appendMap} renders it, its keys and values written as values of their own. */
    private void writeMap(CallBuffer calls, Map<?, ?> map, int depth) {
        if (depth >= MAX_DEPTH) {
            writeRendered(calls, map, depth);
            return;
        }
        long mark = calls.beginContainer(CallRecords.MAP);
        try {
            int shown = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (shown == MAX_ELEMENTS) {
                    break;
                }
                shown++;
                writeElement(calls, map, entry.getKey(), depth);
                writeElement(calls, map, entry.getValue(), depth);
            }
            calls.endContainer(Math.max(0, map.size() - shown));
        } catch (RuntimeException e) {
            calls.abandonContainer(mark);
            StringBuilder out = calls.scratch();
            appendSize(out, map, map::size);
            calls.text(out);
        }
    }

    private void writeElement(CallBuffer calls, Object container, Object element, int depth) {
        calls.element();
        if (element == container) {
            calls.text(THIS);
        } else {
            write(calls, element, depth + 1);
        }
    }

    private static final String THIS = "(this)";

    /** A boxed number or boolean, written as its primitive is: it renders alike. */
    private static void writePlain(CallBuffer calls, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            calls.integer(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            calls.bool(bool);
        } else if (value instanceof Double number) {
            calls.doubleValue(number);
        } else {
            calls.floatValue((Float) value);
        }
    }

    private static final String NULL = "null";

    /** Renders a char as a char literal, e.g. {@code 'a'} or {@code '\n'}. */
    public String renderChar(char value) {
        if (value < CHARS.length) {
            return CHARS[value];
        }
        StringBuilder out = new StringBuilder(8);
        appendChar(out, value);
        return out.toString();
    }

    private static final String[] CHARS = new String[128];

    static {
        for (char c = 0; c < CHARS.length; c++) {
            StringBuilder out = new StringBuilder(8);
            appendChar(out, c);
            CHARS[c] = out.toString();
        }
    }

    /**
     * Renders arguments joined by {@link EventNames#ARGUMENT_SEPARATOR}, "" for none.
     *
     * @param secret which arguments to show as {@code "***"}; null when none
     */
    public String renderArguments(Object[] arguments, boolean[] secret) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < arguments.length; i++) {
            if (i > 0) {
                out.append(EventNames.ARGUMENT_SEPARATOR);
            }
            if (secret != null && i < secret.length && secret[i]) {
                out.append(SECRET);
            } else {
                append(out, arguments[i], 0);
            }
        }
        return out.toString();
    }

    /**
     * The message of an exception as a quoted string, or null when it has none or when it cannot be had
     * without running the program's own code (an overridden getMessage in {@link ValueMode#SAFE}).
     */
    public String renderMessage(Throwable thrown) {
        if (mode == ValueMode.NONE || mode == ValueMode.SAFE && !JDK_MESSAGE.get(thrown.getClass())) {
            return null;
        }
        String message;
        try {
            message = thrown.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        appendQuoted(out, message);
        return out.toString();
    }

    private void append(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
            return;
        }
        TypeInfo info = TYPES.get(value.getClass());
        switch (info.kind()) {
            case STRING -> appendQuoted(out, (String) value);
            case CHAR -> appendChar(out, (Character) value);
            case PLAIN -> appendPlain(out, value);
            case ENUM -> out.append(info.constants().of((Enum<?>) value).text()); // Color.RED, made once
            case CLASS -> out.append(typeName((Class<?>) value)).append(".class");
            case ARRAY -> appendArray(out, value);
            case JDK_VALUE -> appendJdkValue(out, value);
            case TEXT -> appendQuoted(out, (CharSequence) value);
            case OPTIONAL -> appendOptional(out, (Optional<?>) value, depth);
            case COLLECTION -> appendCollection(out, (Collection<?>) value, depth);
            case MAP -> appendMap(out, (Map<?, ?>) value, depth);
            case OTHER -> appendOther(out, value);
        }
    }

    /**
     * An immutable JDK value by its toString(), except a number too big to show, by its size: its decimal text
     * costs far more than the call (JDK 25's BigDecimal class init squares a 10^n of thousands of digits in tasks).
     */
    private void appendJdkValue(StringBuilder out, Object value) {
        if (value instanceof BigInteger number && number.bitLength() > MAX_NUMBER_BITS) {
            out.append("BigInteger(bitLength=").append(number.bitLength()).append(')');
        } else if (value instanceof BigDecimal number && number.unscaledValue().bitLength() > MAX_NUMBER_BITS) {
            out.append("BigDecimal(bitLength=").append(number.unscaledValue().bitLength())
                    .append(", scale=").append(number.scale()).append(')');
        } else {
            appendText(out, value.toString());
        }
    }

    /** Boxed numbers and booleans, appended without an intermediate String on the common paths. */
    private static void appendPlain(StringBuilder out, Object value) {
        if (value instanceof Integer number) {
            out.append(number.intValue());
        } else if (value instanceof Long number) {
            out.append(number.longValue());
        } else if (value instanceof Boolean bool) {
            out.append(bool.booleanValue());
        } else {
            out.append(value);
        }
    }

    private static Kind kindOf(Class<?> type) {
        if (type == String.class) {
            return Kind.STRING;
        }
        if (type == Character.class) {
            return Kind.CHAR;
        }
        if (type == Integer.class || type == Long.class || type == Boolean.class || type == Double.class
                || type == Float.class || type == Short.class || type == Byte.class) {
            return Kind.PLAIN;
        }
        if (Enum.class.isAssignableFrom(type)) {
            return Kind.ENUM; // name() and getDeclaringClass() are final: no user code
        }
        if (type == Class.class) {
            return Kind.CLASS;
        }
        if (type.isArray()) {
            return Kind.ARRAY;
        }
        if (type == StringBuilder.class || type == StringBuffer.class) {
            return Kind.TEXT;
        }
        if (type == Optional.class) {
            return Kind.OPTIONAL;
        }
        if (type.getClassLoader() != null) {
            return Kind.OTHER; // everything below is about classes of the JDK itself
        }
        String name = type.getName();
        if (JDK_VALUES.contains(type) || name.startsWith("java.time.") || Path.class.isAssignableFrom(type)) {
            return Kind.JDK_VALUE;
        }
        if (isDelegatingView(name)) {
            return Kind.OTHER; // a JDK wrapper around a collection that may be the program's own
        }
        if (Collection.class.isAssignableFrom(type)) {
            return Kind.COLLECTION;
        }
        if (Map.class.isAssignableFrom(type)) {
            return Kind.MAP;
        }
        return Kind.OTHER;
    }

    /** JDK collections that forward to another collection, which may be a class of the program. */
    private static boolean isDelegatingView(String name) {
        if (name.startsWith("java.util.Collections$")) {
            String nested = name.substring("java.util.Collections$".length());
            return !(nested.startsWith("Empty") || nested.startsWith("Singleton") || nested.equals("CopiesList"));
        }
        return name.startsWith("java.util.AbstractList$") || name.startsWith("java.util.AbstractMap$");
    }

    private void appendOptional(StringBuilder out, Optional<?> optional, int depth) {
        if (optional.isEmpty()) {
            out.append("Optional.empty");
            return;
        }
        out.append("Optional[");
        append(out, optional.get(), depth);
        out.append(']');
    }

    private void appendCollection(StringBuilder out, Collection<?> collection, int depth) {
        int mark = out.length();
        if (depth >= MAX_DEPTH) {
            appendSize(out, collection, collection::size);
            return;
        }
        try {
            out.append('[');
            int shown = 0;
            for (Object element : collection) {
                if (shown == MAX_ELEMENTS) {
                    break;
                }
                if (shown++ > 0) {
                    out.append(", ");
                }
                if (element == collection) {
                    out.append(THIS);
                } else {
                    append(out, element, depth + 1);
                }
            }
            appendRest(out, collection.size(), shown);
            out.append(']');
        } catch (RuntimeException e) { // e.g. ConcurrentModificationException while the program changes it
            out.setLength(mark);
            appendSize(out, collection, collection::size);
        }
    }

    private void appendMap(StringBuilder out, Map<?, ?> map, int depth) {
        int mark = out.length();
        if (depth >= MAX_DEPTH) {
            appendSize(out, map, map::size);
            return;
        }
        try {
            out.append('{');
            int shown = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (shown == MAX_ELEMENTS) {
                    break;
                }
                if (shown++ > 0) {
                    out.append(", ");
                }
                appendElement(out, map, entry.getKey(), depth);
                out.append('=');
                appendElement(out, map, entry.getValue(), depth);
            }
            appendRest(out, map.size(), shown);
            out.append('}');
        } catch (RuntimeException e) {
            out.setLength(mark);
            appendSize(out, map, map::size);
        }
    }

    private void appendElement(StringBuilder out, Object container, Object element, int depth) {
        if (element == container) {
            out.append(THIS);
        } else {
            append(out, element, depth + 1);
        }
    }

    private static void appendRest(StringBuilder out, int size, int shown) {
        if (size > shown) {
            out.append(", ").append(ELLIPSIS).append('+').append(size - shown);
        }
    }

    /** {@code ArrayList(size=3)}, or {@code ArrayList@1a2b3c} when even the size cannot be had. */
    private static void appendSize(StringBuilder out, Object container, IntSupplier size) {
        int mark = out.length();
        try {
            out.append(TYPES.get(container.getClass()).name()).append("(size=").append(size.getAsInt()).append(')');
        } catch (RuntimeException e) {
            out.setLength(mark);
            appendIdentity(out, container);
        }
    }

    private void appendOther(StringBuilder out, Object value) {
        if (mode != ValueMode.TOSTRING) {
            appendIdentity(out, value);
            return;
        }
        String text;
        try {
            text = String.valueOf(value.toString());
        } catch (RuntimeException | StackOverflowError e) {
            appendIdentity(out, value);
            out.append("<toString threw ").append(e.getClass().getSimpleName()).append('>');
            return;
        }
        appendText(out, text);
    }

    private static void appendIdentity(StringBuilder out, Object value) {
        out.append(TYPES.get(value.getClass()).name()).append('@');
        int hash = System.identityHashCode(value);
        for (int shift = 31 - Integer.numberOfLeadingZeros(hash | 1) & ~3; shift >= 0; shift -= 4) {
            out.append(HEX[hash >>> shift & 0xF]); // Integer.toHexString's digits, without its string
        }
    }

    private static void appendArray(StringBuilder out, Object array) {
        Class<?> type = array.getClass();
        int dimensions = 0;
        while (type.isArray()) {
            type = type.getComponentType();
            dimensions++;
        }
        out.append(simpleName(type)).append('[').append(Array.getLength(array)).append(']');
        for (int i = 1; i < dimensions; i++) {
            out.append("[]");
        }
    }

    /** {@code String}, {@code int[]}, {@code Shop$Cart}: the binary name without its package. */
    static String typeName(Class<?> type) {
        StringBuilder name = new StringBuilder();
        while (type.isArray()) {
            name.append("[]");
            type = type.getComponentType();
        }
        return simpleName(type) + name;
    }

    /** The binary name without package, with the generated suffix of hidden classes dropped. */
    static String simpleName(Class<?> type) {
        String name = type.getName();
        int slash = name.indexOf('/'); // hidden classes: Main$$Lambda/0x0000000800c03000
        if (slash >= 0) {
            name = name.substring(0, slash);
        }
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            name = name.substring(0, lambda + "$$Lambda".length()); // JDK 17 adds a counter: $$Lambda$14
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private void appendQuoted(StringBuilder out, CharSequence text) {
        out.append('"');
        appendEscaped(out, text, '"');
        out.append('"');
    }

    /** Text of a toString(), unquoted but cut and escaped like a string. */
    private void appendText(StringBuilder out, String text) {
        appendEscaped(out, text, (char) 0);
    }

    private void appendEscaped(StringBuilder out, CharSequence text, char quote) {
        int length = text.length();
        int end = Math.min(length, maxString);
        if (end < length && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a character in half
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i)); // a pair is one character; the cut above keeps it whole
            } else {
                escape(out, c, quote);
            }
        }
        if (end < length) {
            out.append(ELLIPSIS);
        }
    }

    private static void appendChar(StringBuilder out, char c) {
        out.append('\'');
        escape(out, c, '\'');
        out.append('\'');
    }

    private static void escape(StringBuilder out, char c, char quote) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\\' -> out.append(quote == 0 ? "\\" : "\\\\");
            default -> {
                if (c == quote) {
                    out.append('\\').append(c);
                } else if (Character.isISOControl(c) || Character.isSurrogate(c) || isNonCharacter(c)) {
                    // the separator stays out of values; a lone surrogate would reach the file as '?'
                    out.append("\\u");
                    for (int shift = 12; shift >= 0; shift -= 4) {
                        out.append(HEX[(c >> shift) & 0xF]);
                    }
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** U+FDD0..U+FDEF, U+FFFE and U+FFFF: code points that are never characters. */
    private static boolean isNonCharacter(char c) {
        return c >= '\uFDD0' && c <= '\uFDEF' || c >= '\uFFFE';
    }
}
