package io.flowtrace.analyzer.read;

/**
 * Rendered values by their encoded chars in call records, so that a value seen before is neither decoded nor
 * allocated again and every call with it shares one {@code String}. Equal encodings render alike (see
 * {@link io.flowtrace.events.records.CallRecords}), so the chars are a complete key. Short encodings (numbers,
 * booleans, short texts), the common case, are keyed by their chars packed into a {@code long}. A bounded cache:
 * long encodings, and new values once it is full, are not kept.
 */
final class RenderedValues {
    /** What {@link #get} answers for a value not kept. */
    static final String ABSENT = new String("absent"); // a String of its own: compared by identity

    /** Distinct encodings kept at most, short and long each. */
    private static final int MAX_ENTRIES = 1 << 16;
    /** Longest encoding kept, in chars. */
    private static final int MAX_KEY = 128;
    /** Longest encoding packed into a long: 8 bits per char (they are all below 256), the length on top. */
    private static final int MAX_PACKED = 7;

    /** Values encoded in one char (small integers, booleans, none), by that char. */
    private final String[] single = new String[256];
    private final boolean[] singleKept = new boolean[256];

    private long[] packedKeys = new long[1 << 10];
    private String[] packedValues = new String[1 << 10];
    private int packedSize;

    private String[] keys = new String[1 << 6];
    private String[] values = new String[1 << 6];
    private int[] hashes = new int[1 << 6];
    private int size;

    /** The rendered value encoded by {@code records[start, end)} (possibly null), or {@link #ABSENT}. */
    String get(String records, int start, int end) {
        int length = end - start;
        if (length == 1 && records.charAt(start) < single.length) {
            char c = records.charAt(start);
            return singleKept[c] ? single[c] : ABSENT;
        }
        if (length <= MAX_PACKED) {
            long key = pack(records, start, end);
            int mask = packedKeys.length - 1;
            for (int i = mix(key) & mask; packedKeys[i] != 0; i = (i + 1) & mask) {
                if (packedKeys[i] == key) {
                    return packedValues[i];
                }
            }
            return ABSENT;
        }
        int hash = hash(records, start, end);
        int mask = keys.length - 1;
        for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && keys[i].length() == length && keys[i].regionMatches(0, records, start, length)) {
                return values[i];
            }
        }
        return ABSENT;
    }

    /**
     * Keeps {@code value} as the rendering of {@code records[start, end)}, for which {@link #get} answered
     * {@link #ABSENT}; nothing is kept when the cache is full or the encoding long.
     */
    void put(String records, int start, int end, String value) {
        int length = end - start;
        if (length == 1 && records.charAt(start) < single.length) {
            char c = records.charAt(start);
            single[c] = value;
            singleKept[c] = true;
            return;
        }
        if (length <= MAX_PACKED) {
            if (packedSize < MAX_ENTRIES) {
                insertPacked(pack(records, start, end), value);
                if (++packedSize * 2 > packedKeys.length) {
                    growPacked();
                }
            }
            return;
        }
        if (size < MAX_ENTRIES && length <= MAX_KEY) {
            insert(records.substring(start, end), hash(records, start, end), value);
            if (++size * 2 > keys.length) {
                grow();
            }
        }
    }

    /** The chars packed with their count on top: never 0, the mark of a free slot. */
    private static long pack(String records, int start, int end) {
        long key = end - start + 1;
        for (int i = start; i < end; i++) {
            key = key << 8 | records.charAt(i);
        }
        return key;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static int hash(String records, int start, int end) {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = h * 31 + records.charAt(i);
        }
        return h ^ (h >>> 16);
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

    private void insert(String key, int hash, String value) {
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
        String[] oldKeys = keys;
        String[] oldValues = values;
        int[] oldHashes = hashes;
        keys = new String[oldKeys.length * 2];
        values = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                insert(oldKeys[j], oldHashes[j], oldValues[j]);
            }
        }
    }
}
