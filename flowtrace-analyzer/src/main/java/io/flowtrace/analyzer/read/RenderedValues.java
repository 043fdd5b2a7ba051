package io.flowtrace.analyzer.read;

import java.util.Arrays;

import io.flowtrace.events.records.CallRecordReader;

/**
 * Rendered values by their encoded chars in call records ({@link EncodedKeys}), so that a value seen before is
 * neither decoded nor allocated again and every call with it shares one {@code String}. A bounded cache, as
 * {@link EncodedKeys} is.
 */
final class RenderedValues {
    /** What {@link #get} answers for a value not kept. */
    static final String ABSENT = new String("absent"); // a String of its own: compared by identity

    private final EncodedKeys keys = new EncodedKeys();
    private String[] values = new String[1 << 8];
    private int size;

    /** The rendered value of the current record's values (possibly null), or {@link #ABSENT}. */
    String get(CallRecordReader r) {
        int i = keys.get(r);
        return i >= 0 ? values[i] : ABSENT;
    }

    /**
     * Keeps {@code value} as the rendering of the current record's values, for which {@link #get} answered
     * {@link #ABSENT}; nothing is kept when the cache is full or the encoding long.
     */
    void put(CallRecordReader r, String value) {
        if (keys.put(r, size)) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
