package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RenderedValuesTest {
    @Test
    void aValueIsFoundByItsEncodingWhereverItStands() {
        RenderedValues values = new RenderedValues();
        String records = "xx\u0001yy\u0080\u0090\u0001zz" + "L".repeat(40) + "zz";
        int longStart = records.indexOf('L');
        values.put(records, 2, 3, "-31"); // one char
        values.put(records, 5, 8, "144"); // packed into a long
        values.put(records, longStart, longStart + 40, "long"); // compared char by char

        String elsewhere = "\u0080\u0090\u0001" + "\u0001" + "L".repeat(40);
        assertEquals("144", values.get(elsewhere, 0, 3));
        assertEquals("-31", values.get(elsewhere, 3, 4));
        assertEquals("long", values.get(elsewhere, 4, 44));
        assertSame(RenderedValues.ABSENT, values.get(elsewhere, 0, 2)); // a prefix is another encoding
        assertSame(RenderedValues.ABSENT, values.get(elsewhere, 4, 43));
    }

    @Test
    void aValueRenderedAsNoneIsKeptAsNull() {
        RenderedValues values = new RenderedValues();
        values.put("\u0086", 0, 1, null);
        assertNull(values.get("\u0086", 0, 1));
        assertSame(RenderedValues.ABSENT, values.get("\u0085", 0, 1));
    }

    @Test
    void manyDistinctValuesAreAllKept() {
        RenderedValues values = new RenderedValues();
        for (int i = 0; i < 20_000; i++) {
            String key = Integer.toString(i, 36) + "~" + i;
            values.put(key, 0, key.length(), "v" + i);
        }
        for (int i = 0; i < 20_000; i++) {
            String key = Integer.toString(i, 36) + "~" + i;
            assertEquals("v" + i, values.get(key, 0, key.length()));
        }
    }
}
