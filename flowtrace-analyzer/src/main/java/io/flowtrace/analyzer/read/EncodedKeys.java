package io.flowtrace.analyzer.read;

import java.util.Arrays;

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

    // a slot's key and value side by side, not in arrays of their own: a probe then reads one cache line, not two
    /** Packed encodings: key, value; a key of 0 is a free slot. */
    private long[] packed = new long[2 << 10];
    private int packedSize;

    /** Long encodings: hash, value + 1 (0 for a free slot), where the chars are in {@link #chars}, their count. */
    private int[] slots = new int[4 << 6];
    /** The chars of the long encodings kept, one after the other, a byte each. */
    private byte[] chars = new byte[1 << 12];
    private int charsEnd;
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
            long[] p = packed;
            int mask = (p.length >> 1) - 1;
            for (int i = mix(key) & mask; p[2 * i] != 0; i = (i + 1) & mask) {
                if (p[2 * i] == key) {
                    return (int) p[2 * i + 1];
                }
            }
            return ABSENT;
        }
        int hash = hash(r, start, length);
        int[] s = slots;
        int mask = (s.length >> 2) - 1;
        for (int i = hash & mask; s[4 * i + 1] != 0; i = (i + 1) & mask) {
            if (s[4 * i] == hash && same(s[4 * i + 2], s[4 * i + 3], r, start, length)) {
                return s[4 * i + 1] - 1;
            }
        }
        return ABSENT;
    }

    /** Whether the current record's values are short enough to be kept, once there is room. */
    public boolean keepable(CallRecordReader r) {
        return r.valuesEnd() - r.valuesStart() <= MAX_KEY;
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
            insertPacked(packed, pack(r, start, length), value);
            if (++packedSize * 4 > packed.length) {
                growPacked();
            }
        } else {
            if (size == maxEntries || length > MAX_KEY) {
                return false;
            }
            if (charsEnd + length > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charsEnd + length));
            }
            for (int i = 0; i < length; i++) {
                chars[charsEnd + i] = (byte) r.encodedChar(start + i);
            }
            insert(slots, hash(r, start, length), value + 1, charsEnd, length);
            charsEnd += length;
            if (++size * 8 > slots.length) {
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

    private boolean same(int at, int count, CallRecordReader r, int start, int length) {
        if (count != length) {
            return false;
        }
        byte[] c = chars;
        for (int i = 0; i < length; i++) {
            if ((c[at + i] & 0xFF) != r.encodedChar(start + i)) {
                return false;
            }
        }
        return true;
    }

    private static void insertPacked(long[] p, long key, long value) {
        int mask = (p.length >> 1) - 1;
        int i = mix(key) & mask;
        while (p[2 * i] != 0) {
            i = (i + 1) & mask;
        }
        p[2 * i] = key;
        p[2 * i + 1] = value;
    }

    private static void insert(int[] s, int hash, int valuePlusOne, int at, int count) {
        int mask = (s.length >> 2) - 1;
        int i = hash & mask;
        while (s[4 * i + 1] != 0) {
            i = (i + 1) & mask;
        }
        s[4 * i] = hash;
        s[4 * i + 1] = valuePlusOne;
        s[4 * i + 2] = at;
        s[4 * i + 3] = count;
    }

    private void growPacked() {
        long[] old = packed;
        long[] p = new long[old.length * 2];
        for (int j = 0; j < old.length; j += 2) {
            if (old[j] != 0) {
                insertPacked(p, old[j], old[j + 1]);
            }
        }
        packed = p;
    }

    private void grow() {
        int[] old = slots;
        int[] s = new int[old.length * 2];
        for (int j = 0; j < old.length; j += 4) {
            if (old[j + 1] != 0) {
                insert(s, old[j], old[j + 1], old[j + 2], old[j + 3]);
            }
        }
        slots = s;
    }
}
