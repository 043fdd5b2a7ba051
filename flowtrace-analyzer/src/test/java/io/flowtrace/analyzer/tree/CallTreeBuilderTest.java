package io.flowtrace.analyzer.tree;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;

/** Rebuilding call trees from scripted event streams, delivered in order, shuffled and as concurrent chunks. */
class CallTreeBuilderTest {

    static final String FIB4 = """
            main
            └─ Fib.fib(4) → 3
               ├─ Fib.fib(3) → 2
               │  ├─ Fib.fib(2) → 1
               │  │  ├─ Fib.fib(1) → 1
               │  │  └─ Fib.fib(0) → 0
               │  └─ Fib.fib(1) → 1
               └─ Fib.fib(2) → 1
                  ├─ Fib.fib(1) → 1
                  └─ Fib.fib(0) → 0
            """;

    /** Three threads with fib trees of different sizes, interleaved in time. */
    static Synthetic threeThreads() {
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main");
        Synthetic.Script a = s.thread(21, "pool-1-thread-1");
        Synthetic.Script b = s.thread(22, "pool-1-thread-2");
        main.enter(MAIN, "[]");
        fib(a, 5);
        fib(b, 3);
        fib(main, 4);
        fib(a, 2);
        main.exit(MAIN, null);
        return s;
    }

    @Test
    void rebuildsFibInOrder() {
        Synthetic s = definitions();
        fib(s.thread(1, "main"), 4);
        TraceData trace = s.inOrder();
        assertEquals(FIB4, text(trace));
        assertEquals(9, trace.callCount());
        assertEquals(List.of(), trace.warnings());
        assertTrue(trace.hasFlowTraceEvents());
    }

    @Test
    void shuffledEventsGiveTheSameTrees() {
        String expected = text(threeThreads().inOrder());
        for (long seed = 0; seed < 20; seed++) {
            TraceData trace = threeThreads().shuffled(seed);
            assertEquals(expected, text(trace), "seed " + seed);
            assertEquals(List.of(), trace.warnings());
        }
    }

    @Test
    void chunksDeliveredConcurrentlyGiveTheSameTrees() {
        String expected = text(threeThreads().inOrder());
        for (int chunks = 1; chunks <= 9; chunks += 2) {
            for (long seed = 0; seed < 5; seed++) {
                assertEquals(expected, text(threeThreads().concurrentChunks(chunks, seed)),
                        chunks + " chunks, seed " + seed);
            }
        }
    }

    @Test
    void threadsAreOrderedByTheirFirstCall() {
        TraceData trace = threeThreads().concurrentChunks(3, 7);
        assertEquals(List.of("main", "pool-1-thread-1", "pool-1-thread-2"),
                trace.threads().stream().map(ThreadTrace::name).toList());
        assertEquals(List.of(1L, 21L, 22L), trace.threads().stream().map(ThreadTrace::javaThreadId).toList());
    }

    @Test
    void callsStartedBeforeTheRecordingEncloseWhatFollows() {
        // The recording starts inside App.main → App.work → Repo.load: their enters were rotated out.
        Synthetic s = definitions();
        s.thread(1, "main").startAt(7)
                .exit(LOAD, "cached")
                .enter(FIB, "1").exit(FIB, "1")
                .exit(WORK, "done")
                .enter(FIB, "0").exit(FIB, "0")
                .exit(MAIN, null)
                .enter(CHECK, "1").exit(CHECK, null);
        TraceData trace = s.inOrder();
        assertEquals("""
                main
                ├─ App.main(?) (enter lost)
                │  ├─ App.work(?) → done (enter lost)
                │  │  ├─ Repo.load(?) → cached (enter lost)
                │  │  └─ Fib.fib(1) → 1
                │  └─ Fib.fib(0) → 0
                └─ Order.check(1)
                """, text(trace));
        CallNode main = trace.threads().get(0).roots().get(0);
        assertTrue(main.enterLost());
        assertNull(main.arguments());
        assertNull(main.start());
        assertEquals(Outcome.RETURNED, main.outcome());
        assertEquals(List.of("thread main: recording starts mid-run (older data was rotated out)"),
                trace.warnings());
    }

    @Test
    void callsStartedInAGapEncloseWhatFollowsTheGap() {
        Synthetic s = definitions();
        s.thread(1, "main")
                .enter(MAIN, "[]")
                .enter(FIB, "0").exit(FIB, "0")
                .lose(3) // lost: enter work, enter fib(1), exit fib(1)
                .enter(LOAD).exit(LOAD, "x")
                .exit(WORK, "done")
                .exit(MAIN, null);
        TraceData trace = s.shuffled(5);
        assertEquals("""
                main
                └─ App.main([])
                   ├─ Fib.fib(0) → 0
                   └─ App.work(?) → done (enter lost)
                      └─ Repo.load() → x
                """, text(trace));
        assertEquals(List.of("thread main: 3 events missing (seq 3–5)"), trace.warnings());
    }

    @Test
    void anExitThatFitsNowhereStaysALeaf() {
        Synthetic s = definitions();
        s.thread(1, "main").enter(MAIN, "[]").exit(LOAD, "x").enter(FIB, "1").exit(FIB, "1").exit(MAIN, null);
        assertEquals("""
                main
                └─ App.main([])
                   ├─ Repo.load(?) → x (enter lost)
                   └─ Fib.fib(1) → 1
                """, text(s.inOrder()));
    }

    @Test
    void callsWhoseExitWasNotRecordedEndAsUnknown() {
        // new Order(-1) calls check(-1), which throws; the constructor's own exit is not recorded.
        Synthetic s = definitions();
        s.thread(1, "main")
                .enter(MAIN, "[]")
                .enter(INIT, "-1")
                .enter(CHECK, "-1")
                .exitThrowing(CHECK, "java.lang.IllegalArgumentException", "negative")
                .exit(MAIN, null)
                .enter(LOAD)
                .exit(LOAD, "x");
        TraceData trace = s.inOrder();
        assertEquals("""
                main
                ├─ App.main([])
                │  └─ new Order(-1) ? exit not recorded
                │     └─ Order.check(-1) ✗ IllegalArgumentException: negative  (caught in App.main)
                └─ Repo.load() → x
                """, text(trace));
        CallNode init = trace.threads().get(0).roots().get(0).children().get(0);
        assertEquals(Outcome.UNKNOWN, init.outcome());
        assertNull(init.duration());
    }

    @Test
    void callsOpenAtTheEndAreRunning() {
        Synthetic s = definitions();
        s.thread(1, "main").enter(MAIN, "[]").enter(FIB, "1").exit(FIB, "1").enter(WORK, "job");
        TraceData trace = s.inOrder();
        assertEquals("""
                main
                └─ App.main([]) … running
                   ├─ Fib.fib(1) → 1
                   └─ App.work(job) … running
                """, text(trace));
        assertEquals(Outcome.RUNNING, trace.threads().get(0).roots().get(0).outcome());
    }

    @Test
    void exceptionsTellWhereTheyWereCaught() {
        Synthetic s = definitions();
        s.thread(1, "main")
                .enter(MAIN, "[]")
                // check throws, work lets it through, main catches it
                .enter(WORK, "a")
                .enter(CHECK, "1")
                .exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                .exitThrowing(WORK, "java.lang.IllegalStateException", "closed")
                // check throws, work catches it and returns
                .enter(WORK, "b")
                .enter(CHECK, "2")
                .exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                .exit(WORK, "recovered")
                // check throws, work wraps it in another exception that escapes main
                .enter(WORK, "c")
                .enter(CHECK, "3")
                .exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                .exitThrowing(WORK, "java.io.UncheckedIOException", null)
                .exitThrowing(MAIN, "java.io.UncheckedIOException", null);
        assertEquals("""
                main
                └─ App.main([]) ✗ UncheckedIOException  (escaped)
                   ├─ App.work(a) ✗ IllegalStateException: closed  (caught in App.main)
                   │  └─ Order.check(1) ✗ IllegalStateException: closed  (caught in App.main)
                   ├─ App.work(b) → recovered
                   │  └─ Order.check(2) ✗ IllegalStateException: closed  (caught in App.work)
                   └─ App.work(c) ✗ UncheckedIOException  (escaped)
                      └─ Order.check(3) ✗ IllegalStateException: closed  (caught in App.work)
                """, text(s.inOrder()));
    }

    @Test
    void anEqualExceptionThrownAnewIsNotTheOneCaught() {
        // work catches what check(1) and check(2) throw and throws an equal exception of its own; then, the same
        // calls, but work lets the exception of check(2) through: the recording tells them apart by identity
        Synthetic s = definitions();
        String closed = "java.lang.IllegalStateException";
        s.thread(1, "main")
                .enter(MAIN, "[]")
                .enter(WORK, "a")
                .enter(CHECK, "1").exitThrowing(CHECK, closed, "closed", 11)
                .enter(CHECK, "2").exitThrowing(CHECK, closed, "closed", 12)
                .exitThrowing(WORK, closed, "closed", 13)
                .exit(MAIN, null)
                .enter(MAIN, "[]")
                .enter(WORK, "a")
                .enter(CHECK, "1").exitThrowing(CHECK, closed, "closed", 14)
                .enter(CHECK, "2").exitThrowing(CHECK, closed, "closed", 15)
                .exitThrowing(WORK, closed, "closed", 15)
                .exit(MAIN, null);
        String expected = """
                main
                ├─ App.main([])
                │  └─ App.work(a) ✗ IllegalStateException: closed  (caught in App.main)
                │     ├─ Order.check(1) ✗ IllegalStateException: closed  (caught in App.work)
                │     └─ Order.check(2) ✗ IllegalStateException: closed  (caught in App.work)
                └─ App.main([])
                   └─ App.work(a) ✗ IllegalStateException: closed  (caught in App.main)
                      ├─ Order.check(1) ✗ IllegalStateException: closed  (caught in App.work)
                      └─ Order.check(2) ✗ IllegalStateException: closed  (caught in App.main)
                """;
        assertEquals(expected, text(s.streamedAsBatches(100, 1, 1, false)), "one node per call");
        // identical calls share one node: where each exception was caught is part of what makes them identical
        assertEquals(expected, text(s.streamedAsBatches(100, 1, 1, true)), "identical calls shared");
        assertEquals(expected, text(s.streamedAsBatches(3, 4, 7, true)), "in small batches, out of order");
    }

    @Test
    void recursionDeeperThanTheJavaStackIsBuiltWithoutRecursion() throws Exception {
        int depth = 20_000;
        Synthetic s = definitions();
        Synthetic.Script t = s.thread(1, "main");
        for (int i = depth; i > 0; i--) {
            t.enter(FIB, String.valueOf(i));
        }
        for (int i = 1; i <= depth; i++) {
            t.exit(FIB, String.valueOf(i));
        }
        // A small stack makes any recursion over the depth fail; warm up first so class loading fits in it.
        Synthetic warm = definitions();
        fib(warm.thread(1, "main"), 3);
        Synthetic.json(warm.concurrentChunks(2, 0), new JsonRenderer(CallFilter.NONE, false, false));
        text(warm.inOrder(), TreeOptions.defaults());
        Throwable[] failure = new Throwable[1];
        TraceData[] result = new TraceData[1];
        Thread worker = new Thread(null, () -> {
            try {
                result[0] = s.concurrentChunks(4, 1);
                String lines = text(result[0], TreeOptions.defaults());
                // the recursion is one line between its outermost call and its innermost three
                assertEquals(String.join("\n", "main", "└─ Fib.fib(20000) → 20000",
                        "   └─ ⟳ 19,996 more levels of Fib.fib (recursion, 19,996 calls)",
                        "      └─ Fib.fib(3) → 3", "         └─ Fib.fib(2) → 2", "            └─ Fib.fib(1) → 1", ""),
                        lines);
                String json = Synthetic.json(result[0],
                        new JsonRenderer(CallFilter.NONE,
                                false, false));
                assertTrue(json.endsWith("}]}]}],\"tasks\":[]}"), json.substring(json.length() - 20));
                assertEquals(depth, json.split("\"display\"", -1).length - 1);
                CallNode deepest = result[0].threads().get(0).roots().get(0);
                while (!deepest.children().isEmpty()) {
                    deepest = deepest.children().get(0);
                }
                assertEquals(depth - 1, deepest.depth());
                CallNode root = result[0].threads().get(0).roots().get(0);
                assertTrue(root.sameCallAs(root));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        worker.start();
        worker.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        assertEquals(depth, result[0].callCount());
    }

    @Test
    void seqGapsAreReportedPerThread() {
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main");
        Synthetic.Script worker = s.thread(22, "pool-1-thread-2");
        main.enter(MAIN, "[]");
        worker.enter(WORK, "a").exit(WORK, "A").lose(14).enter(WORK, "b").exit(WORK, "B").lose(1).enter(FIB, "0");
        main.exit(MAIN, null);
        TraceData trace = s.inOrder();
        assertEquals(List.of(
                "thread pool-1-thread-2: 14 events missing (seq 2–15)",
                "thread pool-1-thread-2: 1 event missing (seq 18)"), trace.warnings());
    }

    @Test
    void methodsWithoutDefinitionAreShownByIdWithOneWarning() {
        Synthetic s = definitions();
        s.thread(1, "main").enter(99).exit(99, null).enter(99).exit(99, null);
        TraceData trace = s.inOrder();
        assertEquals("""
                main
                ├─ ?.method#99()
                └─ ?.method#99()
                """, text(trace));
        assertEquals(List.of("method id 99 has no definition in the recording (shown as ?.method#99)"),
                trace.warnings());
        assertEquals(MethodInfo.unknown(99), trace.threads().get(0).roots().get(0).method());
    }

    @Test
    void unnamedVirtualThreadsAreNamedByTheirId() {
        Synthetic s = definitions();
        s.virtualThread(41, "").enter(FIB, "0").exit(FIB, "0");
        s.virtualThread(42, "fetcher").enter(FIB, "1").exit(FIB, "1");
        TraceData trace = s.concurrentChunks(2, 3);
        assertEquals("""
                virtual #41 (virtual)
                └─ Fib.fib(0) → 0

                fetcher (virtual)
                └─ Fib.fib(1) → 1
                """, text(trace));
        assertTrue(trace.threads().get(0).isVirtual());
    }

    @Test
    void argumentsAreSplitOnTheSeparator() {
        Synthetic s = definitions().method(7, "com.acme.Text", "join", "(Ljava/lang/String;Ljava/lang/String;)V")
                .method(8, "com.acme.Text", "trim", "(Ljava/lang/String;)V");
        s.thread(1, "main")
                .enter(7, "a", "").exit(7, null)
                .enter(8, "").exit(8, null)
                .enter(LOAD).exit(LOAD, "null")
                .enterNoValues(8).exit(8, null);
        TraceData trace = s.inOrder();
        List<CallNode> roots = trace.threads().get(0).roots();
        assertEquals(List.of("a", ""), roots.get(0).arguments());
        assertEquals(List.of(""), roots.get(1).arguments());
        assertEquals(List.of(), roots.get(2).arguments());
        assertNull(roots.get(3).arguments());
        assertEquals("""
                main
                ├─ Text.join(a, )
                ├─ Text.trim()
                ├─ Repo.load() → null
                └─ Text.trim(?)
                """, text(trace));
    }

    @Test
    void agentInfoGivesTheCommand() {
        Synthetic s = definitions().command("com.acme.App --fast");
        fib(s.thread(1, "main"), 1);
        TraceData trace = s.concurrentChunks(2, 0);
        assertEquals("com.acme.App --fast", trace.command());
        assertFalse(trace.truncated());
    }
}
