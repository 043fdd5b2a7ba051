package io.flowtrace.events.records;

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
 * other as 255 followed by its high and low byte; {@link #NONE} no value. Integers of every width render alike
 * ({@code 42}), floating-point values as {@link Float#toString} and {@link Double#toString}; everything else
 * (strings, chars, objects) is rendered by the recorder and stored as text.
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

    /** Writes {@code value} as an unsigned varint at {@code pos}; returns the position after it. */
    public static int putVarint(char[] to, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            to[pos++] = (char) (0x80 | (value & 0x7F));
            value >>>= 7;
        }
        to[pos++] = (char) value;
        return pos;
    }

    /** Writes an integer value (tag and digits) at {@code pos}; returns the position after it. */
    public static int putInteger(char[] to, int pos, long value) {
        if (value >= SMALL_MIN && value <= SMALL_MAX) {
            to[pos] = (char) (value - SMALL_MIN);
            return pos + 1;
        }
        to[pos] = INTEGER;
        return putVarint(to, pos + 1, (value << 1) ^ (value >> 63));
    }

    /** Chars that {@code text} takes as a value, at most. */
    public static int maxTextChars(String text) {
        return 1 + 5 + 3 * text.length();
    }

    /** Writes a text value at {@code pos}; the array must have {@link #maxTextChars} room. */
    public static int putText(char[] to, int pos, String text) {
        int length = text.length();
        to[pos] = TEXT;
        pos = putVarint(to, pos + 1, length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < WIDE_CHAR) {
                to[pos++] = c;
            } else {
                to[pos++] = WIDE_CHAR;
                to[pos++] = (char) (c >>> 8);
                to[pos++] = (char) (c & 0xFF);
            }
        }
        return pos;
    }
}
