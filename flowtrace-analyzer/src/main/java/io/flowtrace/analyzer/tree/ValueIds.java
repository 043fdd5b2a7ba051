package io.flowtrace.analyzer.tree;

import java.util.Arrays;

import io.flowtrace.analyzer.read.EncodedKeys;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;

/**
 * Small int ids for the rendered values of an aggregated tree's calls, arguments or results, so that calls are
 * compared by ints ({@link DistinctCalls}). Equal ids have equal texts; id 0 is {@code null}. A value from a call
 * record gets its id by its encoded chars ({@link EncodedKeys}): a repeated value is neither rendered nor hashed as
 * text again, and a new encoding gets a new id without its text being looked up among the texts kept (most values of
 * a recording of distinct calls are new, and that look-up was a cache miss or two each). So two encodings that
 * render alike (a text {@code 42} and the integer 42) may have two ids: their calls are then not shared, which
 * shows as nothing (a call not shared is a row of its own with the same texts and structural hash; tables that
 * are full already leave calls unshared). Texts without a record (and encodings too long to keep) are found by
 * their text. Bounded: once {@value #MAX_VALUES} texts have ids, a new text gets {@link #UNKEPT}, which equals no
 * value (its call is not shared), and is then {@link #unkeptText()}.
 */
final class ValueIds {
    /** The id of {@code null}. */
    static final int NULL = 0;
    /** What a text gets that has no id and will get none; see {@link #unkeptText()}. */
    static final int UNKEPT = Integer.MIN_VALUE;
    /** Texts with ids at most: in a recording whose values hardly repeat, more would only add memory. */
    static final int MAX_VALUES = 1 << 18;

    private String[] texts = new String[256];
    /** The mixed hash of each id's text, never 0; 0 for an id found by its encoding only, not in {@link #byText}. */
    private int[] hashes = new int[256];
    private int size = 1;
    /** Id by text: the ids in an open-addressing table by the texts' hashes; 0 is a free slot (id 0 is null). */
    private int[] byText = new int[1 << 10];
    /** The ids of recently seen texts by their identity, before the map: readers hand on one String per value. */
    private final String[] recent = new String[1 << 10];
    private final int[] recentIds = new int[1 << 10];
    /** As many encodings as texts: an encoding not kept renders its value again at each call. */
    private final EncodedKeys encodings;
    private final int maxValues;
    private String unkept;
    /** The chars of the value {@link #idOfNew} rendered last. */
    private final StringBuilder rendered = new StringBuilder();
    /** Whether the last {@link #id(CallRecordReader)} gave a new id: no call seen before has the value. */
    private boolean created;

    /** @param maxValues texts with ids at most (null included), {@link #MAX_VALUES} but in tests */
    ValueIds(int maxValues) {
        this.maxValues = maxValues;
        this.encodings = new EncodedKeys(maxValues);
    }

    /** The id of a value's text. */
    int id(String text) {
        if (text == null) {
            return NULL;
        }
        int slot = System.identityHashCode(text) & (recent.length - 1);
        if (recent[slot] == text) {
            return recentIds[slot];
        }
        int id = find(text);
        if (id != UNKEPT) {
            recent[slot] = text;
            recentIds[slot] = id;
        }
        return id;
    }

    /** The text that got {@link #UNKEPT} last. */
    String unkeptText() {
        return unkept;
    }

    /**
     * The text of an id; null for {@link #NULL} and for an id found by its encoding, whose text is not kept unless
     * {@linkplain #keepText told}: its user keeps what it needs of it elsewhere (half a million texts of a recording
     * of distinct calls no longer live in the heap, where the collector copied each as it aged).
     */
    String text(int id) {
        return texts[id];
    }

    /**
     * The id of the current record's values: the arguments of an {@link CallRecords#ENTER}, the result of a
     * {@link CallRecords#RETURN}.
     */
    int id(CallRecordReader r) {
        int known = encodings.get(r);
        if (known >= 0) {
            created = false;
            return known;
        }
        return idOfNew(r); // apart, so that the JIT inlines the common case
    }

    /**
     * Whether the id the last {@link #id(CallRecordReader)} gave was new then: no call that ended before it was
     * asked for has the value.
     */
    boolean created() {
        return created;
    }

    private int idOfNew(CallRecordReader r) {
        StringBuilder chars = rendered;
        chars.setLength(0);
        if (!r.renderTo(chars)) {
            created = false;
            encodings.put(r, NULL);
            return NULL;
        }
        if (size < maxValues && encodings.put(r, size)) {
            created = true;
            return add(null, 0); // found by its encoding from now on; its user keeps what it needs of the text
        }
        if (size == maxValues && encodings.keepable(r)) {
            // full: the texts found by text are those of encodings too long to keep (and of events without records),
            // which a short encoding hardly renders as; looking among them would be a cache miss or two for nothing
            created = false;
            unkept = chars.toString();
            return UNKEPT;
        }
        int before = size;
        int id = id(chars.toString()); // an encoding too long to keep: by its text
        created = size != before;
        return id;
    }

    /**
     * The text of the id the last {@link #id(CallRecordReader)} {@linkplain #created() created}, until the next
     * call: an id found by its encoding keeps no text unless told to ({@link #keepText}).
     */
    StringBuilder createdText() {
        return rendered;
    }

    /** Keeps the text of an id found by its encoding after all: its user needs it again. */
    void keepText(int id, String text) {
        texts[id] = text;
    }

    /** The id of a text, given one if it had none. */
    private int find(String text) {
        int hash = mix(text.hashCode());
        int mask = byText.length - 1;
        int i = hash & mask;
        for (int id = byText[i]; id != 0; id = byText[i]) {
            // the hashes first: a text of another slot would be a cache miss and a compare of chars
            if (hashes[id] == hash && texts[id].equals(text)) {
                return id;
            }
            i = (i + 1) & mask;
        }
        if (size == maxValues) {
            unkept = text;
            return UNKEPT;
        }
        byText[i] = size;
        return add(text, hash);
    }

    /** Gives {@code text} the next id; {@code hash} is its mixed hash where it is in {@link #byText}, else 0. */
    private int add(String text, int hash) {
        if (size == texts.length) {
            texts = Arrays.copyOf(texts, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        int id = size++;
        texts[id] = text;
        hashes[id] = hash;
        if (size * 2 > byText.length) {
            byText = new int[byText.length * 2];
            for (int k = 1; k < size; k++) {
                if (hashes[k] == 0) {
                    continue;
                }
                int j = hashes[k] & (byText.length - 1);
                while (byText[j] != 0) {
                    j = (j + 1) & (byText.length - 1);
                }
                byText[j] = k;
            }
        }
        return id;
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        h ^= h >>> 16;
        return h == 0 ? 1 : h; // 0 marks an id not in byText
    }
}
