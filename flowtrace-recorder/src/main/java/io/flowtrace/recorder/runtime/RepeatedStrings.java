package io.flowtrace.recorder.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One thread's strings that its calls pass again and again at one place — the same argument of one method, or its
 * result — made {@linkplain Words words} whose text is the string in quotes, so that such a string takes a char or
 * two in the call records instead of all of its chars, and renders as before. A commit's cost follows its bytes: the
 * chars of a string recorded on every call were most of what a String argument costs over an int one.
 *
 * <p>A place's string becomes its word when it is written three times in a row there, equal, within one run of
 * records (at twice, Jackson's getters that return one string twice and then never again made words whose definitions
 * made its recording bigger). Each string is compared with the bytes the thread recorded for the one before, so that
 * no reference to the program's strings is kept (holding one could keep a weakly held string of the program alive)
 * and no string is hashed. A word keeps a copy of the chars, which each string written at its place is compared with
 * (a weak reference to the string itself, to know it again by identity, was no faster). Only strings written as
 * {@code QUOTED} (no char needs escaping) become words. Owner thread only.
 */
final class RepeatedStrings {
    /** Longer strings are not made words: they rarely repeat, and each word is kept for the JVM's life. */
    static final int MAX_CHARS = 64;
    /** Places remembered per thread: a power of two. */
    private static final int SLOTS = 32;

    /** The word of each slot, if any, and the string it stands for (a copy, compared with each string written). */
    private final Words.Word[] words = new Words.Word[SLOTS];
    private final String[] texts = new String[SLOTS];
    /** Where the slot's last string was written: the run of records (high 32 bits) and its position (low). */
    private final long[] last = new long[SLOTS];
    /** How many strings in a row, after the first, were equal at the slot. */
    private final byte[] repeats = new byte[SLOTS];

    /**
     * The slot of a value of a record of {@code kind} (an enter, a return) of {@code method} that has {@code pending}
     * values to go, this one included.
     */
    static int slot(int method, int kind, int pending) {
        return (method + (pending << 20) + (kind << 28)) * 0x9E3779B9 >>> 32 - Integer.numberOfTrailingZeros(SLOTS);
    }

    /** The slot's word if it stands for {@code value}, else null. */
    Words.Word word(int slot, String value) {
        String text = texts[slot];
        return text != null && text.equals(value) ? words[slot] : null;
    }

    /**
     * String {@code value} was written as a {@code QUOTED} value at {@code chars[from..to)} in run {@code run}: when
     * the slot's last two, in the same run, had the same bytes, it becomes the slot's word. Small, so that the JIT
     * inlines it into the value's write: most strings differ from the last one at their place in length or last char
     * (at 232 bytes of bytecode, with the rest, it was a call, which cost such a string 8–14 ns).
     */
    void written(int slot, String value, byte[] chars, int from, int to, int run) {
        long previous = last[slot];
        last[slot] = (long) run << 32 | from;
        int at = (int) previous;
        if ((int) (previous >>> 32) == run && at + (to - from) <= from && chars[at + 1] == chars[from + 1]
                && chars[at + (to - from) - 1] == chars[to - 1]) {
            repeated(slot, value, chars, at, from, to);
        } else {
            repeats[slot] = 0;
        }
    }

    /** {@link #written}'s rest, for a string whose length and last char are those of the last one at its place. */
    private void repeated(int slot, String value, byte[] chars, int at, int from, int to) {
        if (!Arrays.equals(chars, at, at + (to - from), chars, from, to)) {
            repeats[slot] = 0;
            return;
        }
        if (++repeats[slot] < 2 || !Words.takesStrings()) {
            return;
        }
        repeats[slot] = 0;
        int length = value.length();
        String text = new String(chars, to - length, length, StandardCharsets.ISO_8859_1);
        Words.Word word = Words.ofString('"' + text + '"');
        if (word != null) {
            // a failure (a stack overflow) between these stores must not pair a string with another's word
            texts[slot] = null;
            words[slot] = word;
            texts[slot] = text;
        }
    }
}
