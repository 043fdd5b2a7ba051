package io.flowtrace.analyzer.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.flowtrace.analyzer.read.EncodedKeys;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;

/**
 * Small int ids for the rendered values of an aggregated tree's calls, arguments or results, so that calls are
 * compared by ints ({@link DistinctCalls}). Equal texts have one id; id 0 is {@code null}. A value from a call record
 * is found by its encoded chars ({@link EncodedKeys}), so that a repeated value is neither rendered nor hashed as
 * text again.
 */
final class ValueIds {
    /** The id of {@code null}. */
    static final int NULL = 0;

    private String[] texts = new String[256];
    private int size = 1;
    private final Map<String, Integer> byText = new HashMap<>();
    /** The ids of recently seen texts by their identity, before the map: readers hand on one String per value. */
    private final String[] recent = new String[1 << 10];
    private final int[] recentIds = new int[1 << 10];
    private final EncodedKeys encodings = new EncodedKeys();

    /** The id of a value's text. */
    int id(String text) {
        if (text == null) {
            return NULL;
        }
        int slot = System.identityHashCode(text) & (recent.length - 1);
        if (recent[slot] == text) {
            return recentIds[slot];
        }
        Integer known = byText.get(text);
        int id = known != null ? known : add(text);
        recent[slot] = text;
        recentIds[slot] = id;
        return id;
    }

    /** The text of an id. */
    String text(int id) {
        return texts[id];
    }

    /**
     * The id of the current record's values: the arguments of an {@link CallRecords#ENTER}, the result of a
     * {@link CallRecords#RETURN}.
     */
    int id(CallRecordReader r) {
        int known = encodings.get(r);
        return known >= 0 ? known : idOfNew(r); // apart, so that the JIT inlines the common case
    }

    private int idOfNew(CallRecordReader r) {
        int id = id(r.kind() == CallRecords.RETURN ? r.result() : r.arguments());
        encodings.put(r, id);
        return id;
    }

    private int add(String text) {
        if (size == texts.length) {
            texts = Arrays.copyOf(texts, size * 2);
        }
        texts[size] = text;
        byText.put(text, size);
        return size++;
    }
}
