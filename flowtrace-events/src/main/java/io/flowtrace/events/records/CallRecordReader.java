package io.flowtrace.events.records;

import java.nio.charset.StandardCharsets;

import io.flowtrace.events.EventNames;

/**
 * Reads the call records of one batch, one {@link #next()} at a time. Values come out rendered as the recorder
 * renders them elsewhere ({@code 42}, {@code true}, {@code 1.5}, {@code "text"} as it was stored); the arguments of
 * an enter are joined by {@link EventNames#ARGUMENT_SEPARATOR}. {@link #next()} checks a record's values but renders
 * them only when asked for; {@link #valuesStart()} and {@link #valuesEnd()} give their encoded chars.
 *
 * <pre>{@code
 * CallRecordReader r = new CallRecordReader(event.records, event.firstSeq, event.startNanos);
 * while (r.next()) {
 *     switch (r.kind()) { case CallRecords.ENTER -> ...; ... }
 * }
 * }</pre>
 */
public final class CallRecordReader {
    /** The {@link #identity()} of a throw recorded without one, and of other records. */
    public static final long NO_IDENTITY = -1;
    private static final String ELLIPSIS = "…";

    private final String records;
    /** The records as bytes, read faster than the String's chars; a char above 255 became {@code '?'}. */
    private final byte[] bytes;
    /** Where the first char above 255 is, else the end: the bytes before it are the records' chars. */
    private final int valid;
    private final StringBuilder text = new StringBuilder();
    private int pos;
    private long seq;
    private long nanos;
    private int kind = -1;
    private int method;
    private int argumentCount;
    private long identity;
    /** Where the record's values start and end. */
    private int valuesStart;
    private int valuesEnd;
    /** Whether the values of the current record were rendered into the fields below. */
    private boolean rendered;
    /** Lists and maps the value being skipped is inside. */
    private int nesting;
    private String arguments;
    private String result;
    private String exception;
    private String message;
    /**
     * The batch's words read so far, in an open-addressing table by id (not maps of boxed ids: a word is looked up
     * for most objects rendered): id + 1 (0 for a free slot), where its text value starts, its text once rendered.
     */
    private int[] wordIds;
    private int[] wordsAt;
    private String[] words;
    private int wordCount;

    /**
     * @param records    the batch's records
     * @param firstSeq   seq of the first record
     * @param startNanos time base of the first record's delta
     */
    public CallRecordReader(String records, long firstSeq, long startNanos) {
        this.records = records == null ? "" : records;
        this.bytes = this.records.getBytes(StandardCharsets.ISO_8859_1);
        this.valid = firstWide(this.records, bytes);
        this.seq = firstSeq - 1;
        this.nanos = startNanos;
    }

    /**
     * Moves to the next record.
     *
     * @return false at the end of the records
     * @throws IllegalArgumentException when the records are malformed; the records before stay valid
     */
    public boolean next() {
        int start = pos;
        if (start >= bytes.length) {
            kind = -1;
            return false;
        }
        if (start >= valid) {
            throw malformed(start, "not a header");
        }
        int header = bytes[start] & 0xFF;
        pos = start + 1;
        nesting = 0; // a malformed value before may have left it up
        if ((header & CallRecords.TIME) != 0) {
            nanos += varint();
        }
        int k = header & 0x07;
        kind = k;
        argumentCount = 0;
        rendered = false;
        // the common records here, kept short so that the JIT inlines this into the caller's loop; the rest apart
        if (k == CallRecords.ENTER) {
            method = (int) varint();
            int count = header >>> 4;
            if (count == CallRecords.MANY_ARGUMENTS) {
                count = (int) varint();
            }
            argumentCount = count;
            valuesStart = pos;
            for (int i = 0; i < count; i++) {
                skipValue();
            }
        } else if (k == CallRecords.RETURN) {
            method = (int) varint();
            valuesStart = pos;
            skipValue();
        } else {
            nextOther(start, header);
        }
        valuesEnd = pos;
        seq++;
        return true;
    }

    /** Reads the rest of a record other than an enter with values or a return with a value. */
    private void nextOther(int start, int header) {
        switch (kind) {
            case CallRecords.THROW -> {
                if (header >>> 5 != 0) {
                    throw malformed(start, "unexpected bits in header " + header);
                }
                method = (int) varint();
                identity = (header & CallRecords.IDENTITY) != 0 ? varint() : NO_IDENTITY;
                valuesStart = pos;
                skipValue();
                skipValue();
            }
            case CallRecords.ENTER_NO_VALUES, CallRecords.RETURN_VOID -> {
                method = (int) varint();
                valuesStart = pos;
            }
            case CallRecords.MARK -> {
                if (header >>> 4 != 0) {
                    throw malformed(start, "unexpected bits in header " + header);
                }
                method = -1;
                valuesStart = pos;
            }
            default -> throw malformed(start, "unknown record kind " + kind);
        }
    }

    /** The record's kind, one of the constants of {@link CallRecords}. */
    public int kind() {
        return kind;
    }

    /** The record's per-thread sequence number. */
    public long seq() {
        return seq;
    }

    /** The record's time, on the clock of {@code startNanos}. */
    public long nanos() {
        return nanos;
    }

    /** The method id of an enter or exit; -1 for a mark. */
    public int method() {
        return method;
    }

    /** The arguments of an {@link CallRecords#ENTER}, joined by the argument separator; null otherwise. */
    public String arguments() {
        render();
        return arguments;
    }

    /** The number of arguments of an {@link CallRecords#ENTER}; 0 otherwise. */
    public int argumentCount() {
        return argumentCount;
    }

    /** The rendered result of a {@link CallRecords#RETURN}; null otherwise. */
    public String result() {
        render();
        return result;
    }

    /** The exception class of a {@link CallRecords#THROW}; null otherwise. */
    public String exception() {
        render();
        return exception;
    }

    /**
     * The identity of the object a {@link CallRecords#THROW} threw ({@link System#identityHashCode}, 0 to 2^32−1),
     * the same in the throws of one exception passing up through calls; {@link #NO_IDENTITY} when the record has
     * none (older recordings) and for other records.
     */
    public long identity() {
        return kind == CallRecords.THROW ? identity : NO_IDENTITY;
    }

    /** The exception message of a {@link CallRecords#THROW}; null when it had none or for other records. */
    public String message() {
        render();
        return message;
    }

    /** The records this reader reads. */
    public String records() {
        return records;
    }

    /**
     * Where the encoded values of the current record start in {@link #records()}: the arguments of an enter, the
     * result of a return, the exception class and message of a throw. Records whose values encode alike render
     * alike, so a reader may look values up by these chars instead of rendering them again.
     */
    public int valuesStart() {
        return valuesStart;
    }

    /** Where the encoded values of the current record end (exclusive); see {@link #valuesStart()}. */
    public int valuesEnd() {
        return valuesEnd;
    }

    /** The char at {@code index} of {@link #records()}, 0–255 in records read without error so far. */
    public int encodedChar(int index) {
        return bytes[index] & 0xFF;
    }

    /** Chars read so far: where the next record starts. */
    public int position() {
        return pos;
    }

    /** Renders the values of the current record, once; they were checked when the record was read. */
    private void render() {
        if (rendered) {
            return;
        }
        rendered = true;
        arguments = null;
        result = null;
        exception = null;
        message = null;
        int end = pos;
        pos = valuesStart;
        switch (kind) {
            case CallRecords.ENTER -> arguments = arguments(argumentCount);
            case CallRecords.RETURN -> result = value();
            case CallRecords.THROW -> {
                exception = value();
                message = value();
            }
            default -> {
                // no values
            }
        }
        pos = end;
    }

    /**
     * Appends the values of the current record to {@code out} as {@link #arguments()} (of an enter) or
     * {@link #result()} (of a return) renders them, without a string of each value or of the whole: for a reader that
     * only hashes and stores the chars. {@code out} must not be shared with this reader.
     *
     * @return false where {@link #result()} is null (a return of no value; nothing is appended), else true
     */
    public boolean renderTo(StringBuilder out) {
        int end = pos;
        pos = valuesStart;
        boolean present = true;
        if (kind == CallRecords.ENTER) {
            for (int i = 0; i < argumentCount; i++) {
                if (i > 0) {
                    out.append(EventNames.ARGUMENT_SEPARATOR);
                }
                appendValue(out); // a missing value adds nothing, as in arguments()
            }
        } else if (kind == CallRecords.RETURN) {
            present = appendValue(out);
        } else {
            pos = end;
            throw new IllegalStateException("not an enter or a return with a value");
        }
        pos = end;
        return present;
    }

    /**
     * Appends one value as the recorder rendered it; false, appending nothing, where that is null (a missing value).
     * The one rendering of every kind: {@link #value()} makes its strings here too, so that a reader that only
     * appends values never runs (and the JIT never compiles) a second one.
     */
    private boolean appendValue(StringBuilder out) {
        int start = pos;
        int tag = take();
        if (tag < CallRecords.INTEGER) {
            out.append(tag + CallRecords.SMALL_MIN);
            return true;
        }
        switch (tag) {
            case CallRecords.INTEGER -> {
                long zigzag = varint();
                out.append((zigzag >>> 1) ^ -(zigzag & 1));
            }
            case CallRecords.FALSE -> out.append("false");
            case CallRecords.TRUE -> out.append("true");
            case CallRecords.TEXT -> appendText(out, false);
            case CallRecords.QUOTED -> appendText(out, true);
            case CallRecords.NONE -> {
                return false;
            }
            case CallRecords.WORD -> out.append(word(varint()));
            case CallRecords.OBJECT -> {
                out.append(word(varint())).append('@');
                appendHex(out, varint());
            }
            case CallRecords.INSTANCE -> {
                out.append(word(varint())).append('@');
                appendHex(out, take() | take() << 8 | take() << 16 | (long) take() << 24);
            }
            case CallRecords.ARRAY -> appendArray(out, word(varint()), varint());
            case CallRecords.LIST, CallRecords.MAP -> appendContainer(out, tag == CallRecords.MAP);
            case CallRecords.DEFINE -> {
                varint(); // read by next()
                take();
                skipTagged(CallRecords.TEXT);
                return appendValue(out);
            }
            default -> appendNumber(out, tag, start);
        }
        return true;
    }

    /** A float or double (rare: a method of its own, which the JIT leaves out of {@link #appendValue}). */
    private void appendNumber(StringBuilder out, int tag, int start) {
        switch (tag) {
            case CallRecords.FLOAT -> out.append(Float.toString(Float.intBitsToFloat((int) varint())));
            case CallRecords.DOUBLE -> out.append(Double.toString(Double.longBitsToDouble(varint())));
            default -> throw malformed(start, "unknown value tag " + tag);
        }
    }

    /** An array shown by its type with the length in its first brackets: {@code int[4000][]}. */
    private static void appendArray(StringBuilder out, String word, long length) {
        int brackets = word.indexOf("[]");
        if (brackets < 0) {
            out.append(word).append('[').append(length).append(']');
        } else {
            out.append(word, 0, brackets + 1).append(length).append(word, brackets + 1, word.length());
        }
    }

    /**
     * A list's or map's elements as the recorder renders a collection: {@code [a, b, …+3]}, {@code {k=v}}; a missing
     * element is {@code null}.
     */
    private void appendContainer(StringBuilder out, boolean map) {
        out.append(map ? '{' : '[');
        nesting++; // checked when the value was skipped
        for (int shown = 0; !atEnd(); shown++) {
            if (shown > 0) {
                out.append(", ");
            }
            appendElement(out);
            if (map) {
                out.append('=');
                appendElement(out);
            }
        }
        long rest = varint();
        nesting--;
        if (rest > 0) {
            out.append(", ").append(ELLIPSIS).append('+').append(rest);
        }
        out.append(map ? '}' : ']');
    }

    private void appendElement(StringBuilder out) {
        if (!appendValue(out)) {
            out.append("null");
        }
    }

    /** Appends a text's chars, in double quotes when {@code quoted}. */
    private void appendText(StringBuilder out, boolean quoted) {
        long length = varint();
        if (length > records.length() - pos) {
            throw malformed(pos, "text longer than the records");
        }
        if (quoted) {
            out.append('"');
        }
        for (long i = 0; i < length; i++) {
            int c = take();
            if (c == CallRecords.WIDE_CHAR) {
                c = take() << 8 | take();
            }
            out.append((char) c);
        }
        if (quoted) {
            out.append('"');
        }
    }

    /** Appends {@link Long#toHexString} of {@code value} without making it a string. */
    private static void appendHex(StringBuilder out, long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xF]);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Moves past one value, checking it as {@link #value()} would. */
    private void skipValue() {
        int tag = take();
        if (tag >= CallRecords.INTEGER) {
            skipTagged(tag); // small integers, the most common values, are their tag
        }
    }

    private void skipTagged(int tag) {
        int start = pos - 1;
        switch (tag) {
            case CallRecords.INTEGER, CallRecords.FLOAT, CallRecords.DOUBLE -> varint();
            case CallRecords.FALSE, CallRecords.TRUE, CallRecords.NONE -> {
                // the tag is the value
            }
            case CallRecords.WORD -> varint();
            case CallRecords.OBJECT, CallRecords.ARRAY -> {
                varint();
                varint();
            }
            case CallRecords.INSTANCE -> {
                varint();
                pos += 4;
                if (pos > valid) {
                    throw pastValid(valid);
                }
            }
            case CallRecords.LIST, CallRecords.MAP -> {
                enterContainer(start);
                while (!atEnd()) {
                    skipValue();
                    if (tag == CallRecords.MAP) {
                        skipValue();
                    }
                }
                varint();
                nesting--;
            }
            case CallRecords.DEFINE -> {
                long id = varint();
                if (id > Integer.MAX_VALUE) {
                    throw malformed(start, "word id too large");
                }
                define((int) id, pos);
                if (take() != CallRecords.TEXT) {
                    throw malformed(pos - 1, "word without text");
                }
                skipTagged(CallRecords.TEXT);
                skipValue(); // the value that uses it
            }
            case CallRecords.TEXT, CallRecords.QUOTED -> {
                long length = varint();
                if (length > records.length() - pos) {
                    throw malformed(pos, "text longer than the records");
                }
                for (long i = 0; i < length; i++) {
                    if (take() == CallRecords.WIDE_CHAR) {
                        take();
                        take();
                    }
                }
            }
            default -> throw malformed(start, "unknown value tag " + tag);
        }
    }

    private String arguments(int count) {
        if (count == 0) {
            return "";
        }
        if (count == 1) {
            String only = value();
            return only == null ? "" : only;
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                joined.append(EventNames.ARGUMENT_SEPARATOR);
            }
            String v = value();
            if (v != null) {
                joined.append(v);
            }
        }
        return joined.toString();
    }

    /** One value as a string: small integers, words and texts without a builder, the rest by {@link #appendValue}. */
    private String value() {
        int start = pos;
        int tag = take();
        if (tag < CallRecords.INTEGER) {
            return small(tag + CallRecords.SMALL_MIN);
        }
        switch (tag) {
            case CallRecords.NONE -> {
                return null;
            }
            case CallRecords.TEXT -> {
                return text();
            }
            case CallRecords.QUOTED -> {
                return text(true);
            }
            case CallRecords.WORD -> {
                return word(varint());
            }
            case CallRecords.DEFINE -> {
                varint(); // read by next()
                take();
                skipTagged(CallRecords.TEXT);
                return value();
            }
            default -> {
                pos = start;
                StringBuilder b = new StringBuilder(); // not the shared one: a word's text may need it
                return appendValue(b) ? b.toString() : null;
            }
        }
    }

    /** Whether the next char ends a list or map, which it then takes. */
    private boolean atEnd() {
        if (pos >= valid) {
            throw pastValid(pos);
        }
        if ((bytes[pos] & 0xFF) == CallRecords.END) {
            pos++;
            return true;
        }
        return false;
    }

    private void enterContainer(int start) {
        if (++nesting > CallRecords.MAX_NESTING) {
            throw malformed(start, "lists nested too deep");
        }
    }

    /** The text of a word of this batch; {@code ?} for one not defined in it (records cut without definitions). */
    private String word(long id) {
        int slot = wordSlot((int) id);
        if (slot < 0 || wordIds[slot] == 0) {
            return "?";
        }
        String word = words[slot];
        if (word == null) {
            int end = pos;
            pos = wordsAt[slot] + 1; // past the text tag
            word = text();
            pos = end;
            words[slot] = word;
        }
        return word;
    }

    /** A word defined at {@code at} (its text value); a word defined again takes the later definition. */
    private void define(int id, int at) {
        if (wordIds == null || (wordCount + 1) * 2 > wordIds.length) {
            growWords();
        }
        int slot = wordSlot(id);
        if (wordIds[slot] == 0) {
            wordIds[slot] = id + 1;
            wordCount++;
        }
        wordsAt[slot] = at;
        words[slot] = null;
    }

    /** The slot of word {@code id}, or the free slot where it would go; -1 while no word is defined. */
    private int wordSlot(int id) {
        int[] ids = wordIds;
        if (ids == null) {
            return -1;
        }
        int mask = ids.length - 1;
        int i = (id * 0x9E3779B9) >>> 16 & mask;
        while (ids[i] != 0 && ids[i] != id + 1) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void growWords() {
        int[] oldIds = wordIds;
        int[] oldAt = wordsAt;
        String[] oldWords = words;
        int size = oldIds == null ? 16 : oldIds.length * 2;
        wordIds = new int[size];
        wordsAt = new int[size];
        words = new String[size];
        if (oldIds != null) {
            for (int k = 0; k < oldIds.length; k++) {
                if (oldIds[k] != 0) {
                    int slot = wordSlot(oldIds[k] - 1);
                    wordIds[slot] = oldIds[k];
                    wordsAt[slot] = oldAt[k];
                    words[slot] = oldWords[k];
                }
            }
        }
    }

    private String text() {
        return text(false);
    }

    /** A text's chars, in double quotes when {@code quoted}. */
    private String text(boolean quoted) {
        text.setLength(0);
        appendText(text, quoted);
        return text.toString();
    }

    private long varint() {
        int c = take();
        return c < 0x80 ? c : varint(c); // most varints are one char
    }

    private long varint(int first) {
        long value = first & 0x7F;
        for (int shift = 7; shift < 64; shift += 7) {
            int c = take();
            value |= (long) (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                return value;
            }
        }
        throw malformed(pos, "varint too long");
    }

    private int take() {
        int p = pos;
        if (p >= valid) {
            throw pastValid(p);
        }
        pos = p + 1;
        return bytes[p] & 0xFF;
    }

    private IllegalArgumentException pastValid(int at) {
        return malformed(at, at < bytes.length ? "char above 255" : "records end inside a record");
    }

    /**
     * Where the first char above 255 is (a {@code '?'} in {@code bytes} that is not one in the records), else the
     * length: checked once here rather than at each {@code '?'} read, which made every read of a char longer.
     */
    private static int firstWide(String records, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '?' && records.charAt(i) != '?') {
                return i;
            }
        }
        return bytes.length;
    }

    private static final String[] SMALL = new String[CallRecords.SMALL_MAX - CallRecords.SMALL_MIN + 1];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i + CallRecords.SMALL_MIN);
        }
    }

    private static String small(int value) {
        return SMALL[value - CallRecords.SMALL_MIN];
    }

    private IllegalArgumentException malformed(int at, String what) {
        return new IllegalArgumentException("malformed call records at char " + at + ": " + what);
    }
}
