package io.flowtrace.events.records;

import java.nio.charset.StandardCharsets;

/**
 * The call-record format of {@link io.flowtrace.events.CallBatchEvent#records}: a thread's traced calls as a
 * string of chars 0–255 (so that the JDK stores and JFR writes it one byte per char).
 *
 * <p>Every record takes one sequence number of its thread. It starts with a header char:
 * bits 0–2 the {@linkplain #ENTER kind}; bit 3 ({@link #TIME}) set when a time delta follows the header; bits 4–7,
 * for {@link #ENTER}, the argument count 0–14, or 15 when the count follows the method id as a varint; bit 4, for
 * {@link #THROW}, ({@link #IDENTITY}) set when the identity of the thrown object follows the method id.
 * <pre>
 * ENTER            header [delta] method [count] value*count
 * ENTER_NO_VALUES  header [delta] method              (arguments not recorded)
 * RETURN           header [delta] method value
 * RETURN_VOID      header [delta] method              (void method or constructor)
 * THROW            header [delta] method [identity] value value  (exception class, message or NONE)
 * MARK             header [delta]                     (the seq of another event of the thread)
 * </pre>
 * A delta is the unsigned time in nanoseconds since the previous record of the batch (the first record's is since
 * {@link io.flowtrace.events.CallBatchEvent#startNanos}); a record without one happened at the previous record's time.
 * Varints are little-endian groups of 7 bits, bit 7 set on every char but the last. An exit names its method as
 * an enter does, so that a reader can match it to its enter even when records before it were lost. The identity of
 * a throw is the unsigned varint of {@link System#identityHashCode} of the thrown object: equal in the throws of
 * one exception passing up through calls, so that a reader can tell it from an equal exception thrown anew
 * (recordings made before it was added have none).
 *
 * <p>A value starts with a tag char: 0–127 an integer {@code tag - 32} (−32 to 95); {@link #INTEGER} a zigzag
 * varint; {@link #FALSE}, {@link #TRUE}; {@link #FLOAT} and {@link #DOUBLE} the raw IEEE bits as an unsigned
 * varint; {@link #TEXT} a varint length in UTF-16 units and then the text, each char below 255 as itself and any
 * other as 255 followed by its high and low byte; {@link #QUOTED} the same, rendered in double quotes (a string that needs no escapes); {@link #NONE} no value. Integers of every width render alike
 * ({@code 42}), floating-point values as {@link Float#toString} and {@link Double#toString}; everything else
 * (strings, chars, objects) is rendered by the recorder and stored as text, or through the batch's words:
 * {@link #WORD} a varint word id, rendered as the word's text (an enum constant, {@code Color.RED});
 * {@link #OBJECT} a varint word id and the unsigned varint of an identity hash, rendered as the word, {@code @} and
 * the hash in hex ({@code Cart@1b6d3586}), {@link #INSTANCE} the same with the hash in 4 bytes, low byte first; {@link #ARRAY} a varint word id and a varint length, rendered as the
 * word with the length in its first brackets ({@code char[]} and 4000: {@code char[4000]}); {@link #LIST} and
 * {@link #MAP} a collection's shown elements (a map's as key and value), each a value, then {@link #END} and a varint
 * of the elements not shown, rendered as {@code [a, b, …+3]} and {@code {k=v}}. A word is defined by {@link #DEFINE}, a varint id and a {@link #TEXT}
 * value, placed before the value that first uses it in a batch; it holds for the rest of the batch. Word ids are
 * those of the recording (one id, one text), so that equal encodings render alike in every batch (recordings made
 * before words were added have none).
 */
public final class CallRecords {
    /** A method was entered; its argument values follow. */
    public static final int ENTER = 0;
    /** A method was entered; its arguments were not recorded. */
    public static final int ENTER_NO_VALUES = 1;
    /** A call returned a value. */
    public static final int RETURN = 2;
    /** A call returned without a value. */
    public static final int RETURN_VOID = 3;
    /** A call ended by throwing. */
    public static final int THROW = 4;
    /** The seq belongs to another FlowTrace event of the thread (task event, checkpoint). */
    public static final int MARK = 5;

    /** Header bit: a time delta follows the header. */
    public static final int TIME = 0x08;
    /** Header bits 4–7 of an enter: this value means the argument count follows as a varint. */
    public static final int MANY_ARGUMENTS = 15;
    /** Header bit of a throw: the identity of the thrown object follows the method id. */
    public static final int IDENTITY = 0x10;

    /** Value tag: a zigzag varint integer follows. */
    public static final int INTEGER = 0x80;
    public static final int FALSE = 0x81;
    public static final int TRUE = 0x82;
    /** Value tag: the raw bits of a float follow as a varint. */
    public static final int FLOAT = 0x83;
    /** Value tag: the raw bits of a double follow as a varint. */
    public static final int DOUBLE = 0x84;
    /** Value tag: a length and text follow. */
    public static final int TEXT = 0x85;
    /** Value tag: no value. */
    public static final int NONE = 0x86;
    /** Value tag: a word id follows; the value is the word. */
    public static final int WORD = 0x87;
    /** Value tag: a word id and an identity hash follow; the value is {@code word@hash-in-hex}. */
    public static final int OBJECT = 0x88;
    /** Prefix of a value: a word id and its text value follow, then the value that uses it. */
    public static final int DEFINE = 0x89;
    /** Value tag: a word id (the array type, {@code char[]}) and a length follow. */
    public static final int ARRAY = 0x8A;
    /** Value tag: a collection's shown elements follow, each a value, up to {@link #END}. */
    public static final int LIST = 0x8B;
    /** Value tag: a map's shown entries follow, each a key value and a value value, up to {@link #END}. */
    public static final int MAP = 0x8C;
    /** Ends a {@link #LIST} or {@link #MAP}; a varint follows: how many elements were not shown. */
    public static final int END = 0x8D;
    /** Value tag: a length and text follow, as for {@link #TEXT}; the value is the text in double quotes. */
    public static final int QUOTED = 0x8E;
    /** Value tag: a word id and an identity hash in 4 bytes (little-endian) follow; rendered as {@link #OBJECT}. */
    public static final int INSTANCE = 0x8F;
    /** How deep lists and maps may nest in a value: the recorder nests them two deep. */
    public static final int MAX_NESTING = 8;

    /** Smallest integer stored in the tag itself. */
    static final int SMALL_MIN = -32;
    /** Largest integer stored in the tag itself. */
    static final int SMALL_MAX = 95;
    /** Escape before a text char of 255 or more. */
    static final int WIDE_CHAR = 0xFF;

    /** Most chars a record's header, delta, method id and argument count (or identity) can take. */
    public static final int MAX_HEADER = 1 + 10 + 5 + 5;
    /** Most chars a value other than text can take. */
    public static final int MAX_PLAIN_VALUE = 1 + 10;

    private CallRecords() {
    }

    // The writers below fill a byte array, one byte per char of the format (all chars are 0-255): a batch's string
    // is made from it as Latin-1, a copy, where a char array had to be compressed char by char.

    /** Writes {@code value} as an unsigned varint at {@code pos}; returns the position after it. */
    public static int putVarint(byte[] to, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            to[pos++] = (byte) (0x80 | (value & 0x7F));
            value >>>= 7;
        }
        to[pos++] = (byte) value;
        return pos;
    }

    /** Writes an integer value (tag and digits) at {@code pos}; returns the position after it. */
    public static int putInteger(byte[] to, int pos, long value) {
        if (value >= SMALL_MIN && value <= SMALL_MAX) {
            to[pos] = (byte) (value - SMALL_MIN);
            return pos + 1;
        }
        to[pos] = (byte) INTEGER;
        return putVarint(to, pos + 1, (value << 1) ^ (value >> 63));
    }

    /** Chars that {@code text} takes as a value, at most. */
    public static int maxTextChars(CharSequence text) {
        return 1 + 5 + 3 * text.length();
    }

    /** Writes a text value at {@code pos}; the array must have {@link #maxTextChars} room. */
    public static int putText(byte[] to, int pos, String text) {
        int length = text.length();
        to[pos] = (byte) TEXT;
        pos = putVarint(to, pos + 1, length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= WIDE_CHAR) {
                return putWide(to, pos + i, text, i);
            }
            to[pos + i] = (byte) c;
        }
        return pos + length;
    }

    /**
     * Writes a text value at {@code pos} from a builder, as {@link #putText(byte[], int, String)} does from a string;
     * the array must have {@link #maxTextChars} room for it.
     */
    public static int putText(byte[] to, int pos, StringBuilder text) {
        int length = text.length();
        to[pos] = (byte) TEXT;
        pos = putVarint(to, pos + 1, length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= WIDE_CHAR) {
                return putWide(to, pos + i, text, i);
            }
            to[pos + i] = (byte) c;
        }
        return pos + length;
    }

    /** Writes {@code text} from char {@code from} on at {@code pos}, chars of 255 or more escaped. */
    private static int putWide(byte[] to, int pos, CharSequence text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < WIDE_CHAR) {
                to[pos++] = (byte) c;
            } else {
                to[pos++] = (byte) WIDE_CHAR;
                to[pos++] = (byte) (c >>> 8);
                to[pos++] = (byte) (c & 0xFF);
            }
        }
        return pos;
    }

    /** Chars that {@link #putQuoted} needs for {@code text}, at most. */
    public static int maxQuotedChars(String text) {
        return 1 + 5 + text.length();
    }

    /**
     * Writes {@code text} as a {@link #QUOTED} value at {@code pos} when none of its chars needs escaping
     * (all are printable ASCII other than {@code "} and {@code \}); returns the position after it, or -1 when one
     * does (the bytes written from {@code pos} on are then garbage). The array must have {@link #maxQuotedChars}
     * room.
     */
    public static int putQuoted(byte[] to, int pos, String text) {
        int length = text.length();
        to[pos] = (byte) QUOTED;
        int start = putVarint(to, pos + 1, length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return -1;
            }
            to[start + i] = (byte) c;
        }
        return start + length;
    }

    /** Chars that {@link #putDefinition} needs for a word, at most. */
    public static int maxDefinitionChars(String word) {
        return 1 + 5 + maxTextChars(word);
    }

    /** Writes the definition of word {@code id} at {@code pos}: a value using it must follow. */
    public static int putDefinition(byte[] to, int pos, int id, String word) {
        to[pos] = (byte) DEFINE;
        return putText(to, putVarint(to, pos + 1, id), word);
    }

    /** Writes a {@link #WORD} value at {@code pos}. */
    public static int putWord(byte[] to, int pos, int id) {
        to[pos] = (byte) WORD;
        return putVarint(to, pos + 1, id);
    }

    /** Writes an {@link #ARRAY} value at {@code pos}: the word of the array type and the length. */
    public static int putArray(byte[] to, int pos, int id, int length) {
        to[pos] = (byte) ARRAY;
        return putVarint(to, putVarint(to, pos + 1, id), length);
    }

    /** Writes an {@link #INSTANCE} value at {@code pos}: word {@code id} and an identity hash. */
    public static int putObject(byte[] to, int pos, int id, int identity) {
        to[pos] = (byte) INSTANCE;
        int at = putVarint(to, pos + 1, id);
        // four bytes, not a varint: a hash has 31 bits, five bytes as a varint, and no loop to write
        to[at] = (byte) identity;
        to[at + 1] = (byte) (identity >>> 8);
        to[at + 2] = (byte) (identity >>> 16);
        to[at + 3] = (byte) (identity >>> 24);
        return at + 4;
    }

    /** Writes the {@link #END} of a list or map at {@code pos}, with how many of its elements were not shown. */
    public static int putEnd(byte[] to, int pos, int notShown) {
        to[pos] = (byte) END;
        return putVarint(to, pos + 1, notShown);
    }

    /** The records {@code from} to {@code to} of a byte array written by these methods, as a batch's string. */
    public static String toRecords(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
