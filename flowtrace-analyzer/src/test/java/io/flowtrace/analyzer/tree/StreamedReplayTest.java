package io.flowtrace.analyzer.tree;

import static io.flowtrace.analyzer.DemoMethods.CHECK;
import static io.flowtrace.analyzer.DemoMethods.FIB;
import static io.flowtrace.analyzer.DemoMethods.LOAD;
import static io.flowtrace.analyzer.DemoMethods.MAIN;
import static io.flowtrace.analyzer.DemoMethods.WORK;
import static io.flowtrace.analyzer.DemoMethods.definitions;
import static io.flowtrace.analyzer.DemoMethods.fib;
import static io.flowtrace.analyzer.Synthetic.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TreeOptions;

/**
 * Streamed replay (chunk by chunk, pieces in any order) and shared identical calls give the trees, warnings and
 * counts of replaying everything at once.
 */
class StreamedReplayTest {

    private static Map<String, Supplier<Synthetic>> scenarios() {
        Map<String, Supplier<Synthetic>> all = new LinkedHashMap<>();
        all.put("three threads", CallTreeBuilderTest::threeThreads);
        all.put("repeated fib", () -> {
            Synthetic s = definitions();
            Synthetic.Script main = s.thread(1, "main");
            main.enter(MAIN, "[]");
            for (int i = 0; i < 3; i++) {
                fib(main, 6);
            }
            main.exit(MAIN, null);
            return s;
        });
        all.put("gap", () -> {
            Synthetic s = definitions();
            s.thread(1, "main").enter(MAIN, "[]").enter(FIB, "0").exit(FIB, "0").lose(3)
                    .enter(LOAD).exit(LOAD, "x").exit(WORK, "done").exit(MAIN, null);
            return s;
        });
        all.put("starts mid-run", () -> {
            Synthetic s = definitions();
            s.thread(1, "main").startAt(7).exit(LOAD, "cached").enter(FIB, "1").exit(FIB, "1")
                    .exit(WORK, "done").exit(MAIN, null).enter(CHECK, "1").exit(CHECK, null);
            return s;
        });
        all.put("exceptions", () -> {
            Synthetic s = definitions();
            Synthetic.Script main = s.thread(1, "main").enter(MAIN, "[]");
            for (int i = 0; i < 3; i++) {
                main.enter(WORK, "a").enter(CHECK, "1")
                        .exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                        .exitThrowing(WORK, "java.lang.IllegalStateException", "closed")
                        .enter(WORK, "b").enter(CHECK, "2")
                        .exitThrowing(CHECK, "java.lang.IllegalStateException", "closed")
                        .exit(WORK, "recovered");
            }
            main.exit(MAIN, null);
            return s;
        });
        all.put("gaps on a second thread", () -> {
            Synthetic s = definitions();
            Synthetic.Script main = s.thread(1, "main");
            Synthetic.Script worker = s.thread(22, "pool-1-thread-2");
            main.enter(MAIN, "[]");
            worker.enter(WORK, "a").exit(WORK, "A").lose(14).enter(WORK, "b").exit(WORK, "B").lose(1)
                    .enter(FIB, "0");
            main.exit(MAIN, null);
            return s;
        });
        all.put("checkpoints between calls", () -> {
            // top-level calls and calls inside one that gets a node at a checkpoint: each before its checkpoint
            Synthetic s = definitions();
            Synthetic.Script main = s.thread(1, "main");
            fib(main, 3);
            fib(main, 3);
            main.checkpoint("point", "top", 0);
            fib(main, 2);
            main.enter(WORK, "w");
            fib(main, 2);
            main.checkpoint("point", "inside", 0);
            fib(main, 2);
            main.exit(WORK, "done");
            fib(main, 3);
            return s;
        });
        all.put("tasks", () -> {
            // checkout forks two tasks onto a pool, each running fib, and joins them; the same work twice
            Synthetic s = definitions();
            for (int round = 0; round < 2; round++) {
                long a = 41 + round * 2;
                long b = 17 + round * 2;
                s.thread(1, "main").enter(MAIN, "[]")
                        .fork(a, 0, "supplyAsync", "examples.Shop.checkout:12")
                        .fork(b, 0, "supplyAsync", "examples.Shop.checkout:13");
                Synthetic.Script x = s.thread(11, "pool-1-thread-1").start(a);
                fib(x, 4);
                x.end(a, "3");
                Synthetic.Script y = s.thread(12, "pool-1-thread-2").start(b).enter(WORK, "w");
                fib(y, 3);
                y.checkpoint("point", "half", b);
                fib(y, 3);
                y.exit(WORK, "done").end(b, "done");
                s.thread(1, "main").join(a, "join", true, "examples.Shop.checkout:14")
                        .join(b, "join", true, "examples.Shop.checkout:14")
                        .checkpoint("point", "paid", 0)
                        .exit(MAIN, null);
            }
            return s;
        });
        return all;
    }

    @Test
    void streamedChunksInAnyOrderGiveTheTreesOfOneReplay() {
        TreeOptions folded = TreeOptions.defaults();
        scenarios().forEach((name, scenario) -> {
            TraceData whole = scenario.get().inOrder();
            for (int chunks = 1; chunks <= 7; chunks += 2) {
                for (long seed = 0; seed < 4; seed++) {
                    for (boolean shared : new boolean[] {false, true}) {
                        String what = name + ", " + chunks + " chunks, seed " + seed + (shared ? ", shared" : "");
                        TraceData streamed = scenario.get().streamed(chunks, seed, shared);
                        assertEquals(text(whole), text(streamed), what);
                        assertEquals(text(whole, folded), text(streamed, folded), what);
                        assertEquals(whole.warnings(), streamed.warnings(), what);
                        assertEquals(whole.callCount(), streamed.callCount(), what);
                        for (int batchSize : new int[] {1, 3, 1000}) {
                            String batched = what + ", batches of " + batchSize;
                            TraceData b = scenario.get().streamedAsBatches(batchSize, chunks, seed, shared);
                            assertEquals(text(whole), text(b), batched);
                            assertEquals(text(whole, folded), text(b, folded), batched);
                            assertEquals(whole.warnings(), b.warnings(), batched);
                            assertEquals(whole.callCount(), b.callCount(), batched);
                        }
                    }
                }
            }
        });
    }

    @Test
    void identicalCallsAreOneNodeWhenShared() {
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main");
        for (int i = 0; i < 4; i++) {
            fib(main, 12);
        }
        TraceData exact = s.streamed(3, 1, false);
        TraceData shared = s.streamed(3, 1, true);
        assertEquals(4 * 465, shared.callCount());
        assertEquals(4 * 465, distinctNodes(exact));
        assertEquals(13, distinctNodes(shared)); // fib(0) to fib(12)
        CallNode first = shared.threads().get(0).roots().get(0);
        assertTrue(first.isSameCall(shared.threads().get(0).roots().get(3)));
        assertTrue(first.isShared());
        assertFalse(exact.threads().get(0).roots().get(0).isShared());
        assertEquals(text(exact), text(shared));
        String folded = text(shared, TreeOptions.defaults());
        assertEquals(text(exact, TreeOptions.defaults()), folded);
        assertTrue(folded.startsWith("main\n└─ Fib.fib(12) → 144 ×4\n"), folded);
    }

    @Test
    void aThreadsCallsAreNotKeptAsNodes() {
        Synthetic s = definitions();
        Synthetic.Script main = s.thread(1, "main");
        for (int i = 0; i < 3; i++) {
            fib(main, 5 + i);
        }
        List<CallNode> roots = s.streamed(2, 1, true).threads().get(0).roots();
        assertEquals(3, roots.size());
        // made from their rows each time they are asked for: a node for one call, never kept
        assertNotSame(roots.get(2), roots.get(2));
        assertEquals(roots.get(2), roots.get(2));
        assertFalse(roots.get(1).isSameCall(roots.get(2)));
        assertEquals("Fib.fib(7) → 13", roots.get(2).toString() + " → " + roots.get(2).result());
    }

    @Test
    void callsThatThrowAreNotShared() {
        TraceData shared = scenarios().get("exceptions").get().streamed(1, 0, true);
        CallNode main = shared.threads().get(0).roots().get(0);
        // work(b) caught what check(2) threw: shared; work(a) threw: each call its own node
        assertTrue(main.children().get(1).isSameCall(main.children().get(3)));
        assertFalse(main.children().get(0).isSameCall(main.children().get(2)));
        assertFalse(main.children().get(0).isShared());
    }

    /** Nodes that stand for different calls ({@link CallNode#isSameCall}): shared ones count once. */
    private static int distinctNodes(TraceData trace) {
        Set<CallNode> seen = new HashSet<>();
        Deque<CallNode> todo = new ArrayDeque<>(trace.threads().get(0).roots());
        while (!todo.isEmpty()) {
            CallNode n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(n.children());
            }
        }
        return seen.size();
    }
}
