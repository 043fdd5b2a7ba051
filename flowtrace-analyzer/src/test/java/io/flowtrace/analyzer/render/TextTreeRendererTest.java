package io.flowtrace.analyzer.render;

import static io.flowtrace.analyzer.DemoMethods.CHECK;
import static io.flowtrace.analyzer.DemoMethods.FIB;
import static io.flowtrace.analyzer.DemoMethods.INIT;
import static io.flowtrace.analyzer.DemoMethods.LOAD;
import static io.flowtrace.analyzer.DemoMethods.MAIN;
import static io.flowtrace.analyzer.DemoMethods.WORK;
import static io.flowtrace.analyzer.DemoMethods.definitions;
import static io.flowtrace.analyzer.DemoMethods.fib;
import static io.flowtrace.analyzer.Synthetic.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.TraceData;

/** What users see in the text tree, for each option. */
class TextTreeRendererTest {

    /** Every kind of call line: result, void, caught exception, enter lost, exit not recorded, running. */
    static TraceData everyKind() {
        Synthetic s = definitions();
        s.thread(1, "main")
                .enter(MAIN, "[]")
                .enter(WORK, "a").enter(CHECK, "1").exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                .exit(WORK, "recovered")
                .enter(INIT, "2").exit(INIT, null)
                .exit(LOAD, "x")
                .enter(WORK, "b").enter(CHECK, "2").exit(WORK, "done")
                .enter(FIB, "1");
        return s.inOrder();
    }

    static TraceData fib4() {
        Synthetic s = definitions();
        fib(s.thread(1, "main"), 4);
        return s.inOrder();
    }

    @Test
    void detailedStyle() {
        assertEquals("""
                main
                └─ App.main([]) … running
                   ├─ App.work(a) → recovered
                   │  └─ Order.check(1) ✗ IllegalStateException: closed  (caught in App.work)
                   ├─ new Order(2)
                   ├─ Repo.load(?) → x (enter lost)
                   ├─ App.work(b) → done
                   │  └─ Order.check(2) ? exit not recorded
                   └─ Fib.fib(1) … running
                """, text(everyKind(), TreeOptions.defaults()));
    }

    @Test
    void minimalStyle() {
        assertEquals("""
                main
                └─ App.main([]) … running
                   ├─ App.work(a)
                   │  └─ Order.check(1)
                   ├─ new Order(2)
                   ├─ Repo.load(?)
                   ├─ App.work(b)
                   │  └─ Order.check(2)
                   └─ Fib.fib(1) … running
                """, text(everyKind(), TreeOptions.builder().style(TreeOptions.Style.MINIMAL).build()));
    }

    @Test
    void timingShowsDurationsOfFinishedCalls() {
        // Scripted events are 1 µs apart.
        assertEquals("""
                main
                └─ App.main([]) … running
                   ├─ App.work(a) → recovered  [3.00 µs]
                   │  └─ Order.check(1) ✗ IllegalStateException: closed  (caught in App.work)  [1.00 µs]
                   ├─ new Order(2)  [1.00 µs]
                   ├─ Repo.load(?) → x (enter lost)
                   ├─ App.work(b) → done  [2.00 µs]
                   │  └─ Order.check(2) ? exit not recorded
                   └─ Fib.fib(1) … running
                """, text(everyKind(), TreeOptions.builder().timing(true).build()));
    }

    @Test
    void durationsUseAnAdaptiveUnitAndThreeDigits() {
        assertEquals("0 ns", DurationFormat.format(0));
        assertEquals("999 ns", DurationFormat.format(999));
        assertEquals("1.00 µs", DurationFormat.format(1000));
        assertEquals("1.23 µs", DurationFormat.format(1234));
        assertEquals("12.3 µs", DurationFormat.format(12_345));
        assertEquals("123 µs", DurationFormat.format(123_456));
        assertEquals("1.00 ms", DurationFormat.format(999_999));
        assertEquals("1.23 ms", DurationFormat.format(1_234_567));
        assertEquals("1.50 s", DurationFormat.format(1_500_000_000));
        assertEquals("125 s", DurationFormat.format(125_000_000_000L));
    }

    @Test
    void identicalConsecutiveCallsAreFolded() {
        Synthetic s = definitions();
        Synthetic.Script t = s.thread(1, "main").enter(MAIN, "[]");
        fib(t, 1);
        fib(t, 1);
        fib(t, 1);
        fib(t, 2);
        fib(t, 2);
        fib(t, 0);
        fib(t, 1);
        // same method and arguments but different calls below: not folded
        t.enter(WORK, "a").enter(CHECK, "1").exit(CHECK, null).exit(WORK, "ok");
        t.enter(WORK, "a").enter(CHECK, "2").exit(CHECK, null).exit(WORK, "ok");
        t.exit(MAIN, null);
        TraceData trace = s.inOrder();
        assertEquals("""
                main
                └─ App.main([])
                   ├─ Fib.fib(1) → 1 ×3
                   ├─ Fib.fib(2) → 1 ×2
                   │  ├─ Fib.fib(1) → 1
                   │  └─ Fib.fib(0) → 0
                   ├─ Fib.fib(0) → 0
                   ├─ Fib.fib(1) → 1
                   ├─ App.work(a) → ok
                   │  └─ Order.check(1)
                   └─ App.work(a) → ok
                      └─ Order.check(2)
                """, text(trace, TreeOptions.defaults()));
        String full = text(trace, TreeOptions.builder().full().build());
        assertTrue(full.contains("   ├─ Fib.fib(1) → 1\n   ├─ Fib.fib(1) → 1\n   ├─ Fib.fib(1) → 1\n"), full);
        assertTrue(!full.contains("×"), full);
    }

    @Test
    void depthCutsDeeperCallsWithACount() {
        assertEquals("""
                main
                └─ Fib.fib(4) → 3
                   ├─ Fib.fib(3) → 2
                   │  └─ … 4 calls below
                   └─ Fib.fib(2) → 1
                      └─ … 2 calls below
                """, text(fib4(), TreeOptions.builder().depth(2).build()));
        assertEquals("""
                main
                └─ Fib.fib(4) → 3
                   └─ … 8 calls below
                """, text(fib4(), TreeOptions.builder().depth(1).build()));
    }

    static TraceData wrapped() {
        Synthetic s = definitions();
        s.thread(1, "main")
                .enter(MAIN, "[]")
                .enter(WORK, "a").enter(FIB, "1").exit(FIB, "1").enter(CHECK, "1").exit(CHECK, null)
                .exit(WORK, "A")
                .enter(WORK, "b").enter(LOAD).exit(LOAD, "x").exit(WORK, "B")
                .exit(MAIN, null);
        return s.inOrder();
    }

    @Test
    void excludedCallsHandTheirCallsUp() {
        assertEquals("""
                main
                └─ App.main([])
                   ├─ Fib.fib(1) → 1
                   ├─ Order.check(1)
                   └─ Repo.load() → x
                """, text(wrapped(), TreeOptions.builder().exclude("com.acme.App::work").build()));
        assertEquals("""
                main
                ├─ Fib.fib(1) → 1
                ├─ Order.check(1)
                └─ Repo.load() → x
                """, text(wrapped(), TreeOptions.builder().exclude("com.acme.App").build()));
    }

    @Test
    void includesShowOnlyMatchingCalls() {
        assertEquals("""
                main
                ├─ Fib.fib(1) → 1
                └─ Repo.load() → x
                """, text(wrapped(), TreeOptions.builder().include("com.acme.Fib").include("com.acme.Repo::load")
                .build()));
        assertEquals("", text(wrapped(), TreeOptions.builder().include("org.other.**").build()));
    }

    @Test
    void theBudgetIsSpentBreadthFirstAndWhatIsLeftIsCountedWhereItIs() {
        assertEquals("""
                main
                └─ Fib.fib(4) → 3
                   ├─ Fib.fib(3) → 2
                   │  └─ … 4 calls below
                   └─ Fib.fib(2) → 1
                      └─ … 2 calls below
                … 6 more calls (use --full)
                """, text(fib4(), TreeOptions.builder().budget(3).build()));
        // Every thread's first level shows before any thread's second; the total covers all threads.
        Synthetic s = definitions();
        fib(s.thread(1, "main"), 2);
        fib(s.thread(2, "worker"), 3);
        assertEquals("""
                main
                └─ Fib.fib(2) → 1
                   ├─ Fib.fib(1) → 1
                   └─ … 1 more call

                worker
                └─ Fib.fib(3) → 2
                   └─ … 4 calls below
                … 5 more calls (use --full)
                """, text(s.inOrder(), TreeOptions.builder().budget(3).build()));
    }

    @Test
    void threadsAreChosenByNameOrGlob() {
        Synthetic s = definitions();
        fib(s.thread(1, "main"), 0);
        fib(s.thread(21, "pool-1-thread-1"), 1);
        fib(s.thread(22, "pool-1-thread-2"), 1);
        TraceData trace = s.inOrder();
        assertEquals("""
                pool-1-thread-1
                └─ Fib.fib(1) → 1

                pool-1-thread-2
                └─ Fib.fib(1) → 1
                """, text(trace, TreeOptions.builder().thread("pool-*").build()));
        assertEquals("""
                main
                └─ Fib.fib(0) → 0
                """, text(trace, TreeOptions.builder().thread("main").build()));
        assertEquals("", text(trace, TreeOptions.builder().thread("mai").build()));
    }

    @Test
    void colorChangesNothingButEscapes() {
        TraceData trace = everyKind();
        TreeOptions plain = TreeOptions.builder().timing(true).build();
        String colored = text(trace, plain.toBuilder().color(true).build());
        assertNotEquals(text(trace, plain), colored);
        assertTrue(colored.contains("\u001B[1mmain\u001B[0m"), "bold thread name");
        assertTrue(colored.contains("\u001B[32mrecovered\u001B[0m"), "green result");
        assertTrue(colored.contains("\u001B[31m ✗ IllegalStateException: closed\u001B[0m"), "red exception");
        assertTrue(colored.contains("\u001B[33m … running\u001B[0m"), "yellow running");
        assertEquals(text(trace, plain), colored.replaceAll("\u001B\\[[0-9;]*m", ""));
        assertTrue(!text(trace, plain).contains("\u001B"));
    }

    @Test
    void recordedValuesCannotBreakLinesOrColorTheTerminal() {
        Synthetic s = definitions();
        s.thread(1, "main").enter(WORK, "two\nlines").exit(WORK, "\u001B[31mred");
        assertEquals("""
                main
                └─ App.work(two\\nlines) → \\u001b[31mred
                """, text(s.inOrder(), TreeOptions.defaults()));
    }

    @Test
    void anEmptyTracePrintsNothing() throws Exception {
        StringWriter out = new StringWriter();
        long calls = new TextTreeRenderer(TreeOptions.defaults()).render(new Synthetic().inOrder(), out);
        assertEquals(0, calls);
        assertEquals("", out.toString());
    }
}
