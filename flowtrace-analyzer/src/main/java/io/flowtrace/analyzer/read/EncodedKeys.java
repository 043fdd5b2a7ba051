package io.flowtrace.analyzer.read;

import io.flowtrace.events.records.CallRecordReader;

/**
 * Ints kept by the encoded chars of call-record values, so that a value seen before is found without rendering it:
 * equal encodings render alike (see {@link io.flowtrace.events.records.CallRecords}), so the chars are a complete
 * key. One-char encodings (small integers, booleans, none) are found by that char, encodings of up to 7 chars by
 * their chars packed into a {@code long}, longer ones by comparing chars. Bounded: encodings longer than 128 chars,
 * and new ones once it is full, are not kept.
 */
public final class EncodedKeys {
    /** What {@link #get} answers for an encoding not kept. */
    public static final int ABSENT = -1;

    /** Encodings kept at most, packed and long each, unless told otherwise. */
    private static final int MAX_ENTRIES = 1 << 16;
    /** Longest encoding kept, in chars. */
    private static final int MAX_KEY = 128;
    /** Longest encoding packed into a long: 8 bits per char (they are all below 256), the length on top. */
    private static final int MAX_PACKED = 7;

    /** Value + 1 of the one-char encodings, by that char; 0 while not kept. */
    private final int[] single = new int[256];

    private long[] packedKeys = new long[1 << 10];
    private int[] packedValues = new int[1 << 10];
    private int packedSize;

    private byte[][] keys = new byte[1 << 6][];
    private int[] values = new int[1 << 6];
    private int[] hashes = new int[1 << 6];
    private int size;
    private final int maxEntries;

    /** Keeps at most 2^16 packed and 2^16 long encodings. */
    public EncodedKeys() {
        this(MAX_ENTRIES);
    }

    /** @param maxEntries packed encodings kept at most, and as many long ones */
    public EncodedKeys(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The int kept for the current record's values, or {@link #ABSENT}. */
    public int get(CallRecordReader r) {
        int start = r.valuesStart();
        int length = r.valuesEnd() - start;
        if (length == 1) {
            return single[r.encodedChar(start)] - 1;
        }
        return getLonger(r, start, length); // apart, so that the JIT inlines the common case
    }

    private int getLonger(CallRecordReader r, int start, int length) {
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
     * Keeps {@code value} (0 or more) for the current record's values, for which {@link #get} answered
     * {@link #ABSENT}; nothing is kept when this is full or the encoding long.
     *
     * @return whether it was kept
     */
    public boolean put(CallRecordReader r, int value) {
        int start = r.valuesStart();
        int length = r.valuesEnd() - start;
        if (length == 1) {
            single[r.encodedChar(start)] = value + 1;
        } else if (length <= MAX_PACKED) {
            if (packedSize == maxEntries) {
                return false;
            }
            insertPacked(pack(r, start, length), value);
            if (++packedSize * 2 > packedKeys.length) {
                growPacked();
            }
        } else {
            if (size == maxEntries || length > MAX_KEY) {
                return false;
            }
            byte[] key = new byte[length];
            for (int i = 0; i < length; i++) {
                key[i] = (byte) r.encodedChar(start + i);
            }
            insert(key, hash(r, start, length), value);
            if (++size * 2 > keys.length) {
                grow();
            }
        }
        return true;
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

    private void insertPacked(long key, int value) {
        int mask = packedKeys.length - 1;
        int i = mix(key) & mask;
        while (packedKeys[i] != 0) {
            i = (i + 1) & mask;
        }
        packedKeys[i] = key;
        packedValues[i] = value;
    }

    private void insert(byte[] key, int hash, int value) {
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
        int[] oldValues = packedValues;
        packedKeys = new long[oldKeys.length * 2];
        packedValues = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                insertPacked(oldKeys[j], oldValues[j]);
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldValues = values;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        values = new int[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                insert(oldKeys[j], oldHashes[j], oldValues[j]);
            }
        }
    }
}
