package io.flowtrace.analyzer.read;

import io.flowtrace.events.records.CallRecordReader;

/**
 * Rendered values by their encoded chars in call records, so that a value seen before is neither decoded nor
 * allocated again and every call with it shares one {@code String}. Equal encodings render alike (see
 * {@link io.flowtrace.events.records.CallRecords}), so the chars are a complete key. One-char encodings (small
 * integers, booleans, none) are found by that char, encodings of up to 7 chars by their chars packed into a
 * {@code long}, longer ones by comparing chars. A bounded cache: long encodings, and new values once it is full,
 * are not kept.
 */
final class RenderedValues {
    /** What {@link #get} answers for a value not kept. */
    static final String ABSENT = new String("absent"); // a String of its own: compared by identity

    /** Distinct encodings kept at most, packed and long each. */
    private static final int MAX_ENTRIES = 1 << 16;
    /** Longest encoding kept, in chars. */
    private static final int MAX_KEY = 128;
    /** Longest encoding packed into a long: 8 bits per char (they are all below 256), the length on top. */
    private static final int MAX_PACKED = 7;

    private final String[] single = new String[256];
    private final boolean[] singleKept = new boolean[256];

    private long[] packedKeys = new long[1 << 10];
    private String[] packedValues = new String[1 << 10];
    private int packedSize;

    private byte[][] keys = new byte[1 << 6][];
    private String[] values = new String[1 << 6];
    private int[] hashes = new int[1 << 6];
    private int size;

    /** The rendered value of the current record's values (possibly null), or {@link #ABSENT}. */
    String get(CallRecordReader r) {
        int start = r.valuesStart();
        int length = r.valuesEnd() - start;
        if (length == 1) {
            int c = r.encodedChar(start);
            return singleKept[c] ? single[c] : ABSENT;
        }
        return getLonger(r, start, length); // apart, so that the JIT inlines the common case
    }

    private String getLonger(CallRecordReader r, int start, int length) {
        if (length <= MAX_PACKED) {
            long key = pack(r, start, length);
            int mask = packedKeys.length - 1;
            for (int i = mix(key) & mask; packedKeys[i] != 0; i = (i + 1) & mask) {
                if (packedKeys[i] == key) {
                    return packedValues[i];
                }
            }
            return ABSENT;
        }
        int hash = hash(r, start, length);
        int mask = keys.length - 1;
        for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && same(keys[i], r, start, length)) {
                return values[i];
            }
        }
        return ABSENT;
    }

    /**
     * Keeps {@code value} as the rendering of the current record's values, for which {@link #get} answered
     * {@link #ABSENT}; nothing is kept when the cache is full or the encoding long.
     */
    void put(CallRecordReader r, String value) {
        int start = r.valuesStart();
        int length = r.valuesEnd() - start;
        if (length == 1) {
            int c = r.encodedChar(start);
            single[c] = value;
            singleKept[c] = true;
        } else if (length <= MAX_PACKED) {
            if (packedSize < MAX_ENTRIES) {
                insertPacked(pack(r, start, length), value);
                if (++packedSize * 2 > packedKeys.length) {
                    growPacked();
                }
            }
        } else if (size < MAX_ENTRIES && length <= MAX_KEY) {
            byte[] key = new byte[length];
            for (int i = 0; i < length; i++) {
                key[i] = (byte) r.encodedChar(start + i);
            }
            insert(key, hash(r, start, length), value);
            if (++size * 2 > keys.length) {
                grow();
            }
        }
    }

    /** The chars packed with their count on top: never 0, the mark of a free slot. */
    private static long pack(CallRecordReader r, int start, int length) {
        long key = length + 1;
        for (int i = start; i < start + length; i++) {
            key = key << 8 | r.encodedChar(i);
        }
        return key;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static int hash(CallRecordReader r, int start, int length) {
        int h = 1;
        for (int i = start; i < start + length; i++) {
            h = h * 31 + r.encodedChar(i);
        }
        return h ^ (h >>> 16);
    }

    private static boolean same(byte[] key, CallRecordReader r, int start, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((key[i] & 0xFF) != r.encodedChar(start + i)) {
                return false;
            }
        }
        return true;
    }

    private void insertPacked(long key, String value) {
        int mask = packedKeys.length - 1;
        int i = mix(key) & mask;
        while (packedKeys[i] != 0) {
            i = (i + 1) & mask;
        }
        packedKeys[i] = key;
        packedValues[i] = value;
    }

    private void insert(byte[] key, int hash, String value) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        hashes[i] = hash;
    }

    private void growPacked() {
        long[] oldKeys = packedKeys;
        String[] oldValues = packedValues;
        packedKeys = new long[oldKeys.length * 2];
        packedValues = new String[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                insertPacked(oldKeys[j], oldValues[j]);
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldValues = values;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        values = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                insert(oldKeys[j], oldHashes[j], oldValues[j]);
            }
        }
    }
}
