package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecordWriter;

class RenderedValuesTest {
    /** A reader on a return record whose result {@code value} writes. */
    private static CallRecordReader returning(Consumer<CallRecordWriter> value) {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enterWithoutValues(0, 1); // something before, so that values do not start at 0
        w.returnValue(0, 9);
        value.accept(w);
        CallRecordReader r = new CallRecordReader(w.take(), 0, 0);
        assertTrue(r.next());
        assertTrue(r.next());
        return r;
    }

    @Test
    void aValueIsFoundByItsEncodingInAnyRecord() {
        RenderedValues values = new RenderedValues();
        CallRecordReader small = returning(w -> w.integer(-31)); // one char
        CallRecordReader packed = returning(w -> w.integer(832_040)); // a few chars, packed
        CallRecordReader text = returning(w -> w.text("\"" + "x".repeat(40) + "\"")); // compared char by char
        values.put(small, "-31");
        values.put(packed, "832040");
        values.put(text, "the text");

        assertEquals("-31", values.get(returning(w -> w.integer(-31))));
        assertEquals("832040", values.get(returning(w -> w.integer(832_040))));
        assertEquals("the text", values.get(returning(w -> w.text("\"" + "x".repeat(40) + "\""))));
        assertSame(RenderedValues.ABSENT, values.get(returning(w -> w.integer(-30))));
        assertSame(RenderedValues.ABSENT, values.get(returning(w -> w.integer(832_041))));
        assertSame(RenderedValues.ABSENT, values.get(returning(w -> w.text("\"" + "x".repeat(39) + "\""))));
        assertSame(RenderedValues.ABSENT, values.get(returning(w -> w.text("\"" + "x".repeat(39) + "y\""))));
    }

    @Test
    void aValueRenderedAsNoneIsKeptAsNull() {
        RenderedValues values = new RenderedValues();
        values.put(returning(CallRecordWriter::none), null);
        assertNull(values.get(returning(CallRecordWriter::none)));
        assertSame(RenderedValues.ABSENT, values.get(returning(w -> w.bool(false))));
    }

    @Test
    void manyDistinctValuesAreAllKept() {
        RenderedValues values = new RenderedValues();
        for (int i = 0; i < 20_000; i++) {
            long v = i * 1_000_003L;
            String s = "s" + i;
            values.put(returning(w -> w.integer(v)), "v" + i);
            values.put(returning(w -> w.text(s)), s);
        }
        for (int i = 0; i < 20_000; i++) {
            long v = i * 1_000_003L;
            String s = "s" + i;
            assertEquals("v" + i, values.get(returning(w -> w.integer(v))));
            assertEquals(s, values.get(returning(w -> w.text(s))));
        }
    }

    @Test
    void keysStopAtTheirBoundAndKeepWhatTheyHave() {
        EncodedKeys keys = new EncodedKeys(100);
        for (int i = 0; i < 150; i++) {
            String s = "\"text number " + i + "\""; // long encodings
            long v = 1_000 + i; // packed ones
            assertEquals(i < 100, keys.put(returning(w -> w.text(s)), i), s);
            assertEquals(i < 100, keys.put(returning(w -> w.integer(v)), 7 * i), "packed " + v);
        }
        for (int i = 0; i < 150; i++) {
            String s = "\"text number " + i + "\"";
            long v = 1_000 + i;
            assertEquals(i < 100 ? i : EncodedKeys.ABSENT, keys.get(returning(w -> w.text(s))), s);
            assertEquals(i < 100 ? 7 * i : EncodedKeys.ABSENT, keys.get(returning(w -> w.integer(v))), "packed " + v);
        }
    }
}
