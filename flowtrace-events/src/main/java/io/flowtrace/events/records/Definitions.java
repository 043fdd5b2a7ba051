package io.flowtrace.events.records;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Makes records cut from a longer run of records readable on their own: a writer defines each word once before its
 * first use since it last started a batch (see {@link CallRecords#DEFINE}), so records taken from the middle of
 * such a run may use words defined before them. {@link #complete} adds the missing definitions.
 */
public final class Definitions {
    private Definitions() {
    }

    /**
     * {@code records} with a definition added before each use of a word that is not defined earlier in them.
     *
     * @param words the text of a word id (of the recording's words)
     * @throws IllegalArgumentException when the records are malformed
     */
    public static String complete(String records, IntFunction<String> words) {
        CallRecordReader reader = new CallRecordReader(records, 0, 0);
        StringBuilder out = null;
        int copied = 0;
        int[] defined = new int[16];
        int definedCount = 0;
        while (reader.next()) {
            int pos = reader.valuesStart();
            int end = reader.valuesEnd();
            while (pos < end) {
                int tag = records.charAt(pos);
                int next = pos + 1;
                switch (tag) {
                    case CallRecords.INTEGER, CallRecords.FLOAT, CallRecords.DOUBLE -> next = skipVarint(records, next);
                    case CallRecords.TEXT, CallRecords.QUOTED -> next = skipText(records, next);
                    case CallRecords.END -> next = skipVarint(records, next); // a list's or map's last
                    case CallRecords.DEFINE -> {
                        long id = varint(records, next);
                        next = skipVarint(records, next);
                        if (definedCount == defined.length) {
                            defined = Arrays.copyOf(defined, definedCount * 2);
                        }
                        defined[definedCount++] = (int) id;
                    }
                    case CallRecords.WORD, CallRecords.OBJECT, CallRecords.ARRAY, CallRecords.INSTANCE -> {
                        int id = (int) varint(records, next);
                        next = skipVarint(records, next);
                        if (tag == CallRecords.INSTANCE) {
                            next += 4; // the hash's bytes, which may look like any tag
                        } else if (tag != CallRecords.WORD) {
                            next = skipVarint(records, next);
                        }
                        if (!contains(defined, definedCount, id)) {
                            if (out == null) {
                                out = new StringBuilder(records.length() + 64);
                            }
                            out.append(records, copied, pos);
                            copied = pos;
                            String word = words.apply(id);
                            byte[] definition = new byte[CallRecords.maxDefinitionChars(word)];
                            out.append(CallRecords.toRecords(definition, 0,
                                    CallRecords.putDefinition(definition, 0, id, word)));
                            if (definedCount == defined.length) {
                                defined = Arrays.copyOf(defined, definedCount * 2);
                            }
                            defined[definedCount++] = id;
                        }
                    }
                    default -> {
                        // a small integer, a boolean, none, a list's or map's start: the tag alone
                    }
                }
                pos = next;
            }
        }
        if (out == null) {
            return records;
        }
        return out.append(records, copied, records.length()).toString();
    }

    private static boolean contains(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    private static long varint(String records, int pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int c = records.charAt(pos++);
            value |= (long) (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                return value;
            }
        }
    }

    private static int skipVarint(String records, int pos) {
        while ((records.charAt(pos) & 0x80) != 0) {
            pos++;
        }
        return pos + 1;
    }

    private static int skipText(String records, int pos) {
        int length = (int) varint(records, pos);
        pos = skipVarint(records, pos);
        for (int i = 0; i < length; i++) {
            pos += records.charAt(pos) == CallRecords.WIDE_CHAR ? 3 : 1;
        }
        return pos;
    }
}
