package io.flowtrace.analyzer.tree;

import static io.flowtrace.analyzer.DemoMethods.CHECK;
import static io.flowtrace.analyzer.DemoMethods.MAIN;
import static io.flowtrace.analyzer.DemoMethods.WORK;
import static io.flowtrace.analyzer.DemoMethods.definitions;
import static io.flowtrace.analyzer.DemoMethods.fib;
import static io.flowtrace.analyzer.Synthetic.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TreeOptions;

/**
 * An aggregated tree keeps a bounded number of distinct calls and values: past the bounds, calls are no longer
 * shared, and the tree still shows every call as it was.
 */
class BoundedSharingTest {

    /** Calls of work whose arguments and results never repeat, between repeated fib calls. */
    private static Synthetic mostlyDistinct() {
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "[]");
        for (int i = 0; i < 40; i++) {
            main.enter(WORK, "\"key-" + i + "\"").exit(WORK, "\"value-" + i + "\"");
            fib(main, 3);
        }
        main.exit(MAIN, null);
        return s;
    }

    @Test
    void pastTheBoundsEveryCallIsStillShownAsItWas() {
        TraceData exact = mostlyDistinct().inOrder();
        for (int[] bounds : new int[][] {{4, 1000}, {1000, 6}, {3, 3}, {1 << 20, 1 << 20}}) {
            TraceData bounded = mostlyDistinct().streamedAsBatches(7, 3, 1,
                    methods -> new SharedTreeBuilder(methods, bounds[0], bounds[1]));
            String what = "at most " + bounds[0] + " kinds and " + bounds[1] + " values";
            assertEquals(text(exact), text(bounded), what);
            assertEquals(text(exact, TreeOptions.defaults()), text(bounded, TreeOptions.defaults()), what);
            assertEquals(exact.callCount(), bounded.callCount(), what);
        }
    }

    @Test
    void callersOfCallsOfKindsNotKeptAreNotShared() {
        // the same work("batch") each time, around a check of a number never seen before
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "[]");
        for (int i = 0; i < 12; i++) {
            main.enter(WORK, "\"batch\"").enter(CHECK, String.valueOf(1000 + i)).exit(CHECK, null)
                    .exit(WORK, "\"done\"");
        }
        main.exit(MAIN, null);
        TraceData exact = s.inOrder();
        // arguments null, "[]" and "batch", results null and "done" keep ids; the checks' numbers get none
        for (int[] bounds : new int[][] {{100, 3}, {1, 100}, {4, 100}}) {
            TraceData bounded = s.streamedAsBatches(5, 2, 3,
                    methods -> new SharedTreeBuilder(methods, bounds[0], bounds[1]));
            assertEquals(text(exact), text(bounded), "at most " + bounds[0] + " kinds and " + bounds[1] + " values");
        }
    }

    @Test
    void callsOfKindsKeptBeforeTheBoundsStayShared() {
        // the first work and fib(3) with what it calls are the first kinds seen; the works after them exceed the bounds
        TraceData bounded = mostlyDistinct().streamedAsBatches(7, 3, 1,
                methods -> new SharedTreeBuilder(methods, 8, 8));
        CallNode main = bounded.threads().get(0).roots().get(0);
        CallNode firstFib = main.children().get(1);
        CallNode lastFib = main.children().get(79);
        assertTrue(firstFib.method().name().equals("fib"), firstFib.toString());
        assertTrue(firstFib.isSameCall(lastFib));
        assertTrue(firstFib.isShared());
        CallNode lastWork = main.children().get(78);
        assertFalse(lastWork.isShared());
        assertFalse(lastWork.isSameCall(main.children().get(76)));
    }

    @Test
    void valuesEncodedTwoWaysThatRenderAlikeShowAsOneValue() {
        // fib's numbers as texts in some batches, as integers in others: the same text, two encodings
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "[]");
        for (int i = 0; i < 6; i++) {
            fib(main, 4);
        }
        main.exit(MAIN, null);
        TraceData exact = s.inOrder();
        TraceData mixed = s.streamedAsBatches(5, 2, 3, SharedTreeBuilder::new, true);
        assertEquals(text(exact), text(mixed));
        assertEquals(text(exact, TreeOptions.defaults()), text(mixed, TreeOptions.defaults())); // folded alike
        CallNode a = exact.threads().get(0).roots().get(0);
        CallNode b = mixed.threads().get(0).roots().get(0);
        assertEquals(a.structuralHash(), b.structuralHash());
        boolean twoRows = false;
        for (int i = 0; i < a.childCount(); i++) {
            assertEquals(a.child(i).structuralHash(), b.child(i).structuralHash(), "fib call " + i);
            assertTrue(b.child(i).sameCallAs(b.child(0)), "fib call " + i);
            twoRows |= !b.child(i).isSameCall(b.child(0));
        }
        assertTrue(twoRows, "the two encodings were read as two kinds of call");
    }

    @Test
    void aValueWithoutIdIsEqualToNone() {
        ValueIds ids = new ValueIds(3); // null and two texts
        int a = ids.id("a");
        int b = ids.id("b");
        assertEquals(a, ids.id(new String("a")));
        assertEquals(ValueIds.UNKEPT, ids.id("c"));
        assertEquals("c", ids.unkeptText());
        assertEquals(b, ids.id("b"));
        assertEquals("a", ids.text(a));
        assertEquals(ValueIds.NULL, ids.id((String) null));
    }
}
