package io.flowtrace.events.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CallRecordsTest {
    private static final char SEP = '\u001F';

    @Test
    void aCallWithAnIntArgumentAndResultReadsBackRendered() {
        CallRecordWriter w = new CallRecordWriter(16, 1_000);
        w.enter(1_000, 7, 1);
        w.integer(30);
        w.returnValue(1_250, 7);
        w.integer(832_040);
        CallRecordReader r = new CallRecordReader(w.take(), 41, 1_000);

        assertTrue(r.next());
        assertEquals(CallRecords.ENTER, r.kind());
        assertEquals(41, r.seq());
        assertEquals(1_000, r.nanos());
        assertEquals(7, r.method());
        assertEquals("30", r.arguments());
        assertTrue(r.next());
        assertEquals(CallRecords.RETURN, r.kind());
        assertEquals(42, r.seq());
        assertEquals(1_250, r.nanos());
        assertEquals(7, r.method());
        assertEquals("832040", r.result());
        assertFalse(r.next());
    }

    @Test
    void recordsWithTheSameValuesHaveTheSameEncodedValues() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 7, 2);
        w.integer(30);
        w.text("aĀ");
        w.enter(5, 8, 2); // another method, another time: the same values
        w.integer(30);
        w.text("aĀ");
        w.returnValue(9, 8);
        w.integer(30);
        String records = w.take();
        CallRecordReader r = new CallRecordReader(records, 0, 0);
        List<String> encoded = new ArrayList<>();
        while (r.next()) {
            encoded.add(records.substring(r.valuesStart(), r.valuesEnd()));
        }
        assertEquals(3, encoded.size());
        assertEquals(encoded.get(0), encoded.get(1));
        assertTrue(encoded.get(0).startsWith(encoded.get(2)), encoded.toString()); // 30 alone
        assertFalse(encoded.get(0).equals(encoded.get(2)));
    }

    @Test
    void wordsRenderAsTheirTextObjectsWithTheirIdentityAndCutRecordsGetTheirDefinitionsBack() {
        byte[] c = new byte[64];
        int p = 0;
        c[p++] = (byte) (CallRecords.ENTER | 2 << 4);
        p = CallRecords.putVarint(c, p, 7);
        p = CallRecords.putWord(c, CallRecords.putDefinition(c, p, 300, "Color.RED"), 300);
        p = CallRecords.putObject(c, CallRecords.putDefinition(c, p, 5, "Shop$Cart"), 5, 0x1b6d3586);
        int second = p;
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 7);
        p = CallRecords.putObject(c, p, 5, 0xfffffffe);
        String records = CallRecords.toRecords(c, 0, p);

        CallRecordReader r = new CallRecordReader(records, 0, 0);
        assertTrue(r.next());
        assertEquals("Color.RED" + SEP + "Shop$Cart@1b6d3586", r.arguments());
        assertTrue(r.next());
        assertEquals("Shop$Cart@fffffffe", r.result());

        String cut = records.substring(second); // as a flush between the two records leaves the second
        CallRecordReader alone = new CallRecordReader(cut, 1, 0);
        assertTrue(alone.next());
        assertEquals("?@fffffffe", alone.result());
        CallRecordReader completed = new CallRecordReader(
                Definitions.complete(cut, id -> id == 5 ? "Shop$Cart" : "wrong"), 1, 0);
        assertTrue(completed.next());
        assertEquals("Shop$Cart@fffffffe", completed.result());
        assertFalse(completed.next());
        assertEquals(records, Definitions.complete(records, id -> "wrong"), "complete records stay as they are");
    }

    @Test
    void listsAndMapsRenderTheirElementsAndCutRecordsGetTheDefinitionsOfWordsInThem() {
        byte[] c = new byte[128];
        int p = 0;
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 1);
        c[p++] = (byte) CallRecords.LIST;
        p = CallRecords.putObject(c, CallRecords.putDefinition(c, p, 5, "Shop$Cart"), 5, 0x1b6d3586);
        p = CallRecords.putText(c, p, "\"kiwi\"");
        c[p++] = (byte) CallRecords.LIST; // nested
        p = CallRecords.putInteger(c, p, 1);
        p = CallRecords.putEnd(c, p, 0);
        p = CallRecords.putEnd(c, p, 3);
        int second = p;
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 1);
        c[p++] = (byte) CallRecords.MAP;
        p = CallRecords.putText(c, p, "\"k\"");
        p = CallRecords.putObject(c, p, 5, 0xfffffffe);
        c[p++] = (byte) CallRecords.MAP; // empty
        p = CallRecords.putEnd(c, p, 0);
        p = CallRecords.putInteger(c, p, 2);
        p = CallRecords.putEnd(c, p, 0);
        String records = CallRecords.toRecords(c, 0, p);

        CallRecordReader r = new CallRecordReader(records, 0, 0);
        assertTrue(r.next());
        assertEquals("[Shop$Cart@1b6d3586, \"kiwi\", [1], …+3]", r.result());
        assertTrue(r.next());
        assertEquals("{\"k\"=Shop$Cart@fffffffe, {}=2}", r.result());
        assertFalse(r.next());

        String cut = records.substring(second);
        CallRecordReader completed = new CallRecordReader(
                Definitions.complete(cut, id -> id == 5 ? "Shop$Cart" : "wrong"), 1, 0);
        assertTrue(completed.next());
        assertEquals("{\"k\"=Shop$Cart@fffffffe, {}=2}", completed.result());
        assertEquals(records, Definitions.complete(records, id -> "wrong"), "complete records stay as they are");
    }

    @Test
    void aListWithoutItsEndOrNestedTooDeepIsMalformed() {
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> readAll("\u0002\u0001\u008B\u0021"));
        assertTrue(open.getMessage().contains("records end inside a record"), open.getMessage());
        String deep = "\u008B".repeat(CallRecords.MAX_NESTING + 1) + "\u008D\u0000".repeat(CallRecords.MAX_NESTING + 1);
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> readAll("\u0002\u0001" + deep));
        assertTrue(nested.getMessage().contains("nested too deep"), nested.getMessage());
        String fine = "\u008B".repeat(CallRecords.MAX_NESTING) + "\u008D\u0000".repeat(CallRecords.MAX_NESTING);
        assertEquals("[".repeat(CallRecords.MAX_NESTING) + "]".repeat(CallRecords.MAX_NESTING),
                readValue(fine));
    }

    @Test
    void valuesRenderedIntoABuilderAreTheValuesRenderedAsStrings() {
        byte[] c = new byte[512];
        int p = 0;
        c[p++] = (byte) (CallRecords.ENTER | CallRecords.MANY_ARGUMENTS << 4);
        p = CallRecords.putVarint(c, p, 3);
        p = CallRecords.putVarint(c, p, 16);
        for (long v : new long[] {-32, 95, 96, -33, Long.MIN_VALUE, Long.MAX_VALUE}) {
            p = CallRecords.putInteger(c, p, v);
        }
        c[p++] = (byte) CallRecords.TRUE;
        c[p++] = (byte) CallRecords.NONE; // a missing argument renders as nothing between its separators
        c[p++] = (byte) CallRecords.FALSE;
        c[p++] = (byte) CallRecords.FLOAT;
        p = CallRecords.putVarint(c, p, Float.floatToRawIntBits(1.5e-7f) & 0xFFFFFFFFL);
        c[p++] = (byte) CallRecords.DOUBLE;
        p = CallRecords.putVarint(c, p, Double.doubleToRawLongBits(-0.1));
        p = CallRecords.putText(c, p, "aĀ\u00ff€");
        p = CallRecords.putQuoted(c, p, "kiwi");
        p = CallRecords.putWord(c, CallRecords.putDefinition(c, p, 300, "Color.RED"), 300);
        p = CallRecords.putObject(c, CallRecords.putDefinition(c, p, 5, "Shop$Cart"), 5, 0);
        p = CallRecords.putArray(c, CallRecords.putDefinition(c, p, 6, "int[][]"), 6, 4000);
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 3);
        c[p++] = (byte) CallRecords.MAP;
        p = CallRecords.putObject(c, p, 5, 0xfffffffe);
        c[p++] = (byte) CallRecords.NONE; // a missing element renders as null
        c[p++] = (byte) CallRecords.LIST;
        p = CallRecords.putWord(c, p, 300);
        p = CallRecords.putEnd(c, p, 2);
        p = CallRecords.putInteger(c, p, 7);
        p = CallRecords.putEnd(c, p, 0);
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 3);
        c[p++] = (byte) CallRecords.OBJECT; // as recorders before wrote it: the hash as a varint
        p = CallRecords.putVarint(c, CallRecords.putVarint(c, p, 5), 0x1b6d3586L);
        for (int i = 0; i < 2; i++) { // an enter of no arguments and one of a missing one render as nothing
            c[p++] = (byte) (CallRecords.ENTER | i << 4);
            p = CallRecords.putVarint(c, p, 3);
            if (i == 1) {
                c[p++] = (byte) CallRecords.NONE;
            }
        }
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 3);
        c[p++] = (byte) CallRecords.NONE;
        String records = CallRecords.toRecords(c, 0, p);

        CallRecordReader r = new CallRecordReader(records, 0, 0);
        List<String> rendered = new ArrayList<>();
        while (r.next()) {
            StringBuilder out = new StringBuilder("kept:");
            boolean present = r.renderTo(out);
            int at = r.position();
            String expected = r.kind() == CallRecords.ENTER ? r.arguments() : r.result();
            assertEquals(expected == null ? "kept:" : "kept:" + expected, out.toString());
            assertEquals(expected != null, present);
            assertEquals(at, r.position(), "where the next record starts");
            rendered.add(expected);
        }
        assertEquals(6, rendered.size(), rendered.toString());
        assertEquals(String.join(String.valueOf(SEP), "-32", "95", "96", "-33", "-9223372036854775808",
                "9223372036854775807", "true", "", "false", "1.5E-7", "-0.1", "aĀ\u00ff€", "\"kiwi\"", "Color.RED",
                "Shop$Cart@0", "int[4000][]"), rendered.get(0));
        assertEquals("{Shop$Cart@fffffffe=null, [Color.RED, …+2]=7}", rendered.get(1));
        assertEquals("Shop$Cart@1b6d3586", rendered.get(2));
        assertEquals(List.of("", ""), rendered.subList(3, 5));
        assertNull(rendered.get(5));
    }

    @Test
    void anObjectsHashTakesFourBytesAndRecordsOfTheVarintFormBeforeStillRead() {
        byte[] c = new byte[32];
        assertEquals(1 + 1 + 4, CallRecords.putObject(c, 0, 5, 0x7fffffff), "tag, word id, hash");
        int p = 0;
        c[p++] = (byte) CallRecords.RETURN;
        p = CallRecords.putVarint(c, p, 1);
        p = CallRecords.putDefinition(c, p, 5, "Shop$Cart");
        c[p++] = (byte) CallRecords.OBJECT; // as recorders before wrote it: the hash as a varint
        p = CallRecords.putVarint(c, CallRecords.putVarint(c, p, 5), 0x1b6d3586L);
        CallRecordReader r = new CallRecordReader(CallRecords.toRecords(c, 0, p), 0, 0);
        assertTrue(r.next());
        assertEquals("Shop$Cart@1b6d3586", r.result());
    }

    @Test
    void aPlainStringIsCopiedInQuotesAndOneNeedingEscapesIsLeftToTheCaller() {
        byte[] c = new byte[32];
        int end = CallRecords.putQuoted(c, 0, "kiwi 1");
        assertEquals("\"kiwi 1\"", readValue(CallRecords.toRecords(c, 0, end)));
        assertEquals(2 + 6, end, "the tag, the length and the chars: the quotes are implied");
        assertEquals(-1, CallRecords.putQuoted(c, 0, "a\"b"));
        assertEquals(-1, CallRecords.putQuoted(c, 0, "tab\t"));
        assertEquals(-1, CallRecords.putQuoted(c, 0, "café"));
        assertEquals(-1, CallRecords.putQuoted(c, 0, "Łódź"), "not taken for the Latin-1 chars of its low bytes");
        assertEquals("aĀ€bÿ", readValue(CallRecords.toRecords(c, 0, CallRecords.putText(c, 0, "aĀ€bÿ"))));
    }

    /** The one value of a return record of method 1 made of {@code value}'s encoding. */
    private static String readValue(String value) {
        CallRecordReader r = new CallRecordReader((char) CallRecords.RETURN + "\u0001" + value, 0, 0);
        assertTrue(r.next());
        return r.result();
    }

    @Test
    void malformedValuesFailAtTheRecordEvenWhenNotRendered() {
        // an enter with one argument whose tag is unknown (0xA0)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> readAll("\u0010\u0007\u00A0"));
        assertTrue(e.getMessage().contains("unknown value tag"), e.getMessage());
    }

    @Test
    void aSmallCallTakesSixChars() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 7, 1);
        w.integer(20);
        w.returnValue(0, 7);
        w.integer(-3);
        assertEquals(6, w.length()); // header, method, argument; header, method, result
    }

    @Test
    void everyValueKindRendersAsJavaWould() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 300, 9);
        w.integer(Long.MIN_VALUE);
        w.integer(Long.MAX_VALUE);
        w.integer(-33);
        w.integer(96);
        w.bool(true);
        w.bool(false);
        w.floatValue(1.5f);
        w.doubleValue(-0.1);
        w.text("\"héllo ✓ ÿ\"");
        CallRecordReader r = new CallRecordReader(w.take(), 0, 0);

        assertTrue(r.next());
        assertEquals(300, r.method());
        assertEquals(String.join(String.valueOf(SEP), "-9223372036854775808", "9223372036854775807", "-33", "96",
                "true", "false", "1.5", "-0.1", "\"héllo ✓ ÿ\""), r.arguments());
    }

    @Test
    void manyArgumentsAndNoArguments() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 1, 20);
        for (int i = 0; i < 20; i++) {
            w.integer(i);
        }
        w.enter(0, 2, 0);
        w.enterWithoutValues(0, 3);
        CallRecordReader r = new CallRecordReader(w.take(), 0, 0);

        assertTrue(r.next());
        assertEquals(20, r.arguments().split(String.valueOf(SEP)).length);
        assertTrue(r.next());
        assertEquals("", r.arguments());
        assertTrue(r.next());
        assertEquals(CallRecords.ENTER_NO_VALUES, r.kind());
        assertEquals(3, r.method());
        assertNull(r.arguments());
    }

    @Test
    void throwsVoidReturnsAndMarksTakeASeqEach() {
        CallRecordWriter w = new CallRecordWriter(16, 100);
        w.thrown(100, 7, "java.lang.IllegalStateException", "no \"stock\"");
        w.thrown(5_000_000_000L, 8, "java.lang.Error", null);
        w.returnVoid(5_000_000_000L, 7);
        w.mark(5_000_000_007L);
        assertEquals(4, w.count());
        CallRecordReader r = new CallRecordReader(w.take(), 10, 100);

        assertTrue(r.next());
        assertEquals(CallRecords.THROW, r.kind());
        assertEquals("java.lang.IllegalStateException", r.exception());
        assertEquals("no \"stock\"", r.message());
        assertTrue(r.next());
        assertEquals(8, r.method());
        assertEquals("java.lang.Error", r.exception());
        assertNull(r.message());
        assertEquals(5_000_000_000L, r.nanos());
        assertTrue(r.next());
        assertEquals(CallRecords.RETURN_VOID, r.kind());
        assertTrue(r.next());
        assertEquals(CallRecords.MARK, r.kind());
        assertEquals(13, r.seq());
        assertEquals(5_000_000_007L, r.nanos());
        assertFalse(r.next());
    }

    @Test
    void aThrowTellsWhichObjectItThrewWhenRecordedWithItsIdentity() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.thrown(10, 7, 0x9abc_def0, "java.lang.IllegalArgumentException", "x");
        w.thrown(20, 7, "java.lang.IllegalArgumentException", "x"); // as recordings before identities were
        w.returnVoid(30, 7);
        CallRecordReader r = new CallRecordReader(w.take(), 0, 0);

        assertTrue(r.next());
        assertEquals(0x9abc_def0L, r.identity());
        assertEquals(7, r.method());
        assertEquals("java.lang.IllegalArgumentException", r.exception());
        assertEquals("x", r.message());
        assertTrue(r.next());
        assertEquals(CallRecordReader.NO_IDENTITY, r.identity());
        assertEquals("x", r.message());
        assertTrue(r.next());
        assertEquals(CallRecordReader.NO_IDENTITY, r.identity());
        assertFalse(r.next());
    }

    @Test
    void takeStartsTheNextBatchAtTheLastRecordsTime() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.mark(1_000);
        w.take();
        assertEquals(1_000, w.startNanos());
        w.mark(1_000);
        w.mark(3_000);
        CallRecordReader r = new CallRecordReader(w.take(), 1, 1_000);
        assertTrue(r.next());
        assertEquals(1_000, r.nanos());
        assertTrue(r.next());
        assertEquals(3_000, r.nanos());
    }

    @Test
    void everyCharIsALatin1Char() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(123_456_789, Integer.MAX_VALUE, 2);
        w.text("日本語 \uFFFF \u0100");
        w.doubleValue(Double.NaN);
        String records = w.take();
        assertTrue(records.chars().allMatch(c -> c <= 0xFF), records);
        CallRecordReader r = new CallRecordReader(records, 0, 0);
        assertTrue(r.next());
        assertEquals("日本語 \uFFFF \u0100" + SEP + "NaN", r.arguments());
    }

    @Test
    void randomRecordsRoundTrip() {
        Random random = new Random(20261121);
        for (int round = 0; round < 200; round++) {
            CallRecordWriter w = new CallRecordWriter(8, 0);
            List<String> expected = new ArrayList<>();
            long nanos = 0;
            for (int i = 0; i < 200; i++) {
                nanos += random.nextInt(4) == 0 ? random.nextInt(2_000_000) : 0;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        int method = random.nextInt(100_000);
                        int argc = random.nextInt(18);
                        w.enter(nanos, method, argc);
                        List<String> args = new ArrayList<>();
                        for (int a = 0; a < argc; a++) {
                            long v = random.nextLong() >> random.nextInt(64);
                            w.integer(v);
                            args.add(Long.toString(v));
                        }
                        expected.add("enter " + nanos + " " + method + " " + String.join(",", args));
                    }
                    case 1 -> {
                        long v = random.nextInt();
                        w.returnValue(nanos, 7);
                        w.integer(v);
                        expected.add("return " + nanos + " " + v);
                    }
                    case 2 -> {
                        StringBuilder s = new StringBuilder();
                        for (int c = random.nextInt(20); c > 0; c--) {
                            s.append((char) random.nextInt(0x3000));
                        }
                        w.returnValue(nanos, 7);
                        w.text(s.toString());
                        expected.add("return " + nanos + " " + s);
                    }
                    default -> {
                        w.returnVoid(nanos, 7);
                        expected.add("void " + nanos);
                    }
                }
            }
            CallRecordReader r = new CallRecordReader(w.take(), 0, 0);
            List<String> actual = new ArrayList<>();
            while (r.next()) {
                actual.add(switch (r.kind()) {
                    case CallRecords.ENTER -> "enter " + r.nanos() + " " + r.method() + " "
                            + r.arguments().replace(SEP, ',');
                    case CallRecords.RETURN -> "return " + r.nanos() + " " + r.result();
                    default -> "void " + r.nanos();
                });
            }
            assertEquals(expected, actual);
        }
    }

    @Test
    void malformedRecordsFailWithTheirPosition() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 7, 1);
        w.text("cut short");
        String records = w.take();

        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> readAll(records.substring(0, records.length() - 3)));
        assertTrue(cut.getMessage().startsWith("malformed call records at char "), cut.getMessage());
        assertThrows(IllegalArgumentException.class, () -> readAll("\u0007"));
        assertThrows(IllegalArgumentException.class, () -> readAll("\u0002\u0090"));
        assertThrows(IllegalArgumentException.class, () -> readAll("\u0100"));
    }

    @Test
    void aCharAbove255FailsTheRecordItIsIn() {
        CallRecordWriter w = new CallRecordWriter(16, 0);
        w.enter(0, 7, 1);
        w.text("fine?");
        w.enter(0, 7, 1);
        w.text("abc");
        String written = w.take();
        int at = written.indexOf("abc") + 2;
        String records = written.substring(0, at) + '\u0100' + written.substring(at + 1);

        CallRecordReader r = new CallRecordReader(records, 0, 0);
        assertTrue(r.next());
        assertEquals("fine?", r.arguments());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::next);
        assertEquals("malformed call records at char " + at + ": char above 255", e.getMessage());
    }

    private static int readAll(String records) {
        CallRecordReader r = new CallRecordReader(records, 0, 0);
        int n = 0;
        while (r.next()) {
            n++;
        }
        return n;
    }
}
