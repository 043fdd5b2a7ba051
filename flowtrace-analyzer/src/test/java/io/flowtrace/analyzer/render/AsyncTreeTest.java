package io.flowtrace.analyzer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.TraceData;

/** Tasks drawn under the call that forked them, with joins and checkpoints at their places. */
class AsyncTreeTest {
    static final int CHECKOUT = 1;
    static final int PRICE = 2;
    static final int DISCOUNT = 3;
    static final int MAIN = 4;
    static final int STUCK = 5;

    static Synthetic shop() {
        return new Synthetic()
                .method(CHECKOUT, "examples.Shop", "checkout", "(Ljava/lang/Object;)I")
                .method(PRICE, "examples.Shop", "priceOf", "(Ljava/lang/String;)I")
                .method(DISCOUNT, "examples.Shop", "discount", "(I)I")
                .method(MAIN, "examples.Shop", "main", "([Ljava/lang/String;)V")
                .method(STUCK, "examples.Lost", "stuckForever", "()V");
    }

    /** Shop.checkout forks two tasks with raw ids 41 and 17 onto two pool threads and joins both. */
    static Synthetic checkout() {
        Synthetic s = shop();
        s.thread(1, "main").enter(CHECKOUT, "pool")
                .fork(41, 0, "supplyAsync", "java.util.concurrent.CompletableFuture.supplyAsync:10",
                        "examples.Shop.checkout:12")
                .fork(17, 0, "thenApplyAsync", "examples.Shop.checkout:13");
        s.thread(12, "pool-1-thread-2").start(17).enter(DISCOUNT, "15").exit(DISCOUNT, "13").end(17, "13");
        s.thread(11, "pool-1-thread-1").start(41).enter(PRICE, "\"apple\"").exit(PRICE, "15").end(41, "15");
        s.thread(1, "main").join(41, "join", true, "examples.Shop.checkout:14")
                .join(17, "join", true, "examples.Shop.checkout:14")
                .checkpoint("point", "paid", 0)
                .exit(CHECKOUT, "13");
        return s;
    }

    @Test
    void tasksAreDrawnUnderTheCallThatForkedThem() {
        TraceData trace = checkout().inOrder();
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.checkout(pool) → 13",
                "   ├─ ⇢ task #1 supplyAsync on pool-1-thread-1 → 15",
                "   │  └─ Shop.priceOf(\"apple\") → 15",
                "   ├─ ⇢ task #2 thenApplyAsync on pool-1-thread-2 → 13",
                "   │  └─ Shop.discount(15) → 13",
                "   ├─ ⇠ joined task #1 (join)",
                "   ├─ ⇠ joined task #2 (join)",
                "   └─ ◆ paid",
                ""), Synthetic.text(trace), "pool threads ran only tasks shown in main: not listed again");
    }

    /** A supplyAsync that fails, a thenApply skipped by the failure, an exceptionally that recovers; joined. */
    static Synthetic recovered() {
        Synthetic s = shop();
        s.thread(1, "main").enter(CHECKOUT, "pool")
                .fork(1, 0, "supplyAsync", "examples.Shop.checkout:12")
                .stage(2, 1, 0, "thenApply", "java.util.concurrent.CompletableFuture.thenApply:10",
                        "examples.Shop.checkout:13")
                .stage(3, 2, 0, "exceptionally", "examples.Shop.checkout:14");
        s.thread(11, "pool-1-thread-1").start(1).enter(PRICE, "\"plum\"")
                .exitThrowing(PRICE, "java.lang.IllegalStateException", "boom")
                .endThrowing(1, "java.lang.IllegalStateException", "boom")
                .start(2).endThrowing(2, "java.lang.IllegalStateException", "boom")
                .start(3).enter(DISCOUNT, "0").exit(DISCOUNT, "-1").end(3, "-1");
        s.thread(1, "main").join(3, "join", true, "examples.Shop.checkout:15").exit(CHECKOUT, "-1");
        return s;
    }

    @Test
    void dependentStagesNameTheirSourceAndObserveItsFailure() {
        String expected = String.join("\n",
                "main",
                "└─ Shop.checkout(pool) → -1",
                "   ├─ ⇢ task #1 supplyAsync on pool-1-thread-1 ✗ IllegalStateException: boom",
                "   │  └─ Shop.priceOf(\"plum\") ✗ IllegalStateException: boom  (escaped)",
                "   ├─ ⇢ task #2 thenApply of #1 on pool-1-thread-1 ✗ IllegalStateException: boom",
                "   ├─ ⇢ task #3 exceptionally of #2 on pool-1-thread-1 → -1",
                "   │  └─ Shop.discount(0) → -1",
                "   └─ ⇠ joined task #3 (join)",
                "");
        assertEquals(expected, Synthetic.text(recovered().inOrder()), "no failure is 'never observed'");
        assertEquals(expected, Synthetic.text(recovered().shuffled(7)));
        TraceData trace = recovered().inOrder();
        TaskInfo supply = trace.tasks().get(0);
        assertEquals(List.of(trace.tasks().get(1)), supply.dependents());
        assertSame(supply, trace.tasks().get(1).source());
        assertTrue(supply.isObserved(), "its dependent stage took the exception over");
    }

    /** A periodic task on pool-2-thread-1 runs three times, then main cancels it (or, {@code cancel} false, not). */
    static Synthetic periodic(boolean cancel) {
        Synthetic s = shop();
        s.thread(1, "main").enter(CHECKOUT, "timer").fork(5, 0, "scheduleAtFixedRate", "examples.Shop.checkout:20");
        Synthetic.Script timer = s.thread(13, "pool-2-thread-1");
        for (int run = 1; run <= 3; run++) {
            timer.start(5).enter(PRICE, "\"tick " + run + "\"").exit(PRICE, "18").endRun(5);
        }
        Synthetic.Script main = s.thread(1, "main");
        if (cancel) {
            main.cancel(5);
        }
        main.exit(CHECKOUT, "3");
        return s;
    }

    @Test
    void aPeriodicTaskShowsItsRunsAndHowItEnded() {
        String expected = String.join("\n",
                "main",
                "└─ Shop.checkout(timer) → 3",
                "   └─ ⇢ task #1 scheduleAtFixedRate on pool-2-thread-1, 3 runs ⊘ cancelled",
                "      ├─ Shop.priceOf(\"tick 1\") → 18",
                "      ├─ Shop.priceOf(\"tick 2\") → 18",
                "      └─ Shop.priceOf(\"tick 3\") → 18",
                "");
        assertEquals(expected, Synthetic.text(periodic(true).inOrder()));
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(expected, Synthetic.text(periodic(true).shuffled(seed)), "the last end is its outcome");
        }
        TaskInfo waiting = periodic(false).inOrder().tasks().get(0);
        assertEquals(TaskOutcome.SCHEDULED, waiting.outcome());
        assertEquals(3, waiting.runs());
    }

    @Test
    void tasksAreNumberedInDisplayOrderWhateverTheirIdsAndTheOrderEventsArrive() {
        String expected = Synthetic.text(checkout().inOrder());
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(expected, Synthetic.text(checkout().shuffled(seed)));
            assertEquals(expected, Synthetic.text(checkout().concurrentChunks(3, seed)));
        }
        TraceData trace = checkout().inOrder();
        assertEquals(List.of(41L, 17L), trace.tasks().stream().map(TaskInfo::id).toList());
        TaskInfo first = trace.tasks().get(0);
        assertEquals("Shop.checkout (Shop.java:12)", first.forkSite().display());
        assertEquals("main", first.forkThread().name());
        assertEquals("pool-1-thread-1", first.runThread().name());
        assertSame(trace.threads().get(0).roots().get(0), first.forkCall());
        assertEquals("Shop.checkout (Shop.java:14)", first.joins().get(0).site().display());
        assertSame(first, first.calls().get(0).task());
    }

    @Test
    void aTaskForkedOutsideTracedCallsIsShownUnderItsThread() {
        Synthetic s = shop();
        s.thread(1, "main").fork(5, 0, "thread", "examples.Shop.main:3").enter(CHECKOUT, "x").exit(CHECKOUT, "1");
        s.thread(20, "Thread-0").start(5).enter(PRICE, "\"kiwi\"").exit(PRICE, "10").end(5, null);
        assertEquals(String.join("\n",
                "main",
                "├─ ⇢ task #1 thread on Thread-0",
                "│  └─ Shop.priceOf(\"kiwi\") → 10",
                "└─ Shop.checkout(x) → 1",
                ""), Synthetic.text(s.inOrder()));
    }

    @Test
    void threadsTheJdkStartsOnItsOwnAreLeftOut() {
        Synthetic s = shop();
        s.thread(1, "main").enter(CHECKOUT, "x").exit(CHECKOUT, "1");
        s.thread(3, "Signal Dispatcher").fork(9, 0, "thread", "java.lang.Thread.start:800",
                "java.lang.Terminator$1.handle:52");
        s.thread(30, "SIGTERM handler").start(9);
        TraceData trace = s.inOrder();
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.checkout(x) → 1",
                ""), Synthetic.text(trace));
        assertEquals(true, trace.tasks().get(0).isJdkInternal());
    }

    @Test
    void chainsOfTasksNest() {
        Synthetic s = shop();
        s.thread(1, "main").enter(MAIN, "[]").fork(1, 0, "submit", "examples.Shop.main:5");
        s.thread(11, "pool-1-thread-1").start(1).enter(CHECKOUT, "a").fork(2, 1, "execute", "examples.Shop.checkout:9")
                .exit(CHECKOUT, "1").end(1, "1");
        s.thread(12, "pool-1-thread-2").start(2).enter(PRICE, "\"b\"").exit(PRICE, "2").end(2, null);
        s.thread(1, "main").exit(MAIN, null);
        TraceData trace = s.inOrder();
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.main([])",
                "   └─ ⇢ task #1 submit on pool-1-thread-1 → 1",
                "      └─ Shop.checkout(a) → 1",
                "         └─ ⇢ task #2 execute on pool-1-thread-2",
                "            └─ Shop.priceOf(\"b\") → 2",
                ""), Synthetic.text(trace));
        assertSame(trace.tasks().get(0), trace.tasks().get(1).parent());
    }

    @Test
    void withOnlyTheRunningThreadSelectedATaskStaysWhereItRan() {
        TraceData trace = checkout().inOrder();
        assertEquals(String.join("\n",
                "pool-1-thread-1",
                "└─ Shop.priceOf(\"apple\") → 15",
                ""), Synthetic.text(trace, TreeOptions.builder().thread("pool-1-thread-1").build()));
    }

    @Test
    void unfinishedTasksSayHowTheyEnded() {
        Synthetic s = shop();
        s.thread(1, "main").enter(MAIN, "[]")
                .fork(1, 0, "submit", "examples.Shop.main:5")
                .fork(2, 0, "submit", "examples.Shop.main:6")
                .cancel(2)
                .fork(3, 0, "execute", "examples.Shop.main:7")
                .fork(4, 0, "execute", "examples.Shop.main:8")
                .checkpoint("beforeAwait", "db query", 0);
        s.thread(11, "pool-1-thread-1").start(3).enter(PRICE, "\"x\"")
                .exitThrowing(PRICE, "java.lang.IllegalStateException", "boom")
                .endThrowing(3, "java.lang.IllegalStateException", "boom")
                .start(4).enter(STUCK);
        TraceData trace = s.inOrder();
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.main([]) … running",
                "   ├─ ⇢ task #1 submit … never started",
                "   ├─ ⇢ task #2 submit ⊘ cancelled",
                "   ├─ ⇢ task #3 execute on pool-1-thread-1 ✗ IllegalStateException: boom  (never observed)",
                "   │  └─ Shop.priceOf(\"x\") ✗ IllegalStateException: boom  (escaped)",
                "   ├─ ⇢ task #4 execute on pool-1-thread-1 … running",
                "   │  └─ Lost.stuckForever() … running",
                "   └─ ◆ db query (before await, never resumed)",
                ""), Synthetic.text(trace));
        assertEquals(List.of(TaskOutcome.NOT_STARTED, TaskOutcome.CANCELLED, TaskOutcome.EXCEPTION,
                TaskOutcome.RUNNING), trace.tasks().stream().map(TaskInfo::outcome).toList());
    }

    @Test
    void callsThatForkOrCheckpointAreNeverFoldedAway() {
        Synthetic s = shop();
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "[]");
        for (int i = 1; i <= 3; i++) {
            main.enter(PRICE, "\"a\"").checkpoint("point", "priced", 0).exit(PRICE, "1");
        }
        main.enter(DISCOUNT, "1").exit(DISCOUNT, "1").enter(DISCOUNT, "1").exit(DISCOUNT, "1").exit(MAIN, null);
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.main([])",
                "   ├─ Shop.priceOf(\"a\") → 1",
                "   │  └─ ◆ priced",
                "   ├─ Shop.priceOf(\"a\") → 1",
                "   │  └─ ◆ priced",
                "   ├─ Shop.priceOf(\"a\") → 1",
                "   │  └─ ◆ priced",
                "   └─ Shop.discount(1) → 1 ×2",
                ""), Synthetic.text(s.inOrder(), TreeOptions.defaults()));
    }

    @Test
    void excludedCallsLeaveTheirTasksAndCheckpointsToTheirCaller() {
        TraceData trace = checkout().inOrder();
        assertEquals(String.join("\n",
                "main",
                "├─ ⇢ task #1 supplyAsync on pool-1-thread-1 → 15",
                "│  └─ … 1 call below",
                "├─ ⇢ task #2 thenApplyAsync on pool-1-thread-2 → 13",
                "│  └─ … 1 call below",
                "├─ ⇠ joined task #1 (join)",
                "├─ ⇠ joined task #2 (join)",
                "└─ ◆ paid",
                ""), Synthetic.text(trace, TreeOptions.builder().exclude("examples.Shop::checkout").depth(1)
                        .build()));
    }

    @Test
    void aTaskThatRanInsideAnotherCallOfItsThreadMovesToItsFork() {
        Synthetic s = shop();
        s.thread(1, "main").enter(CHECKOUT, "p").fork(7, 0, "fork", "examples.Shop.checkout:20")
                .enter(MAIN, "[]") // an unrelated call during which main helps run the task (work stealing)
                .start(7).enter(PRICE, "\"c\"").exit(PRICE, "3").end(7, "3")
                .exit(MAIN, null).join(7, "join", true).exit(CHECKOUT, "3");
        TraceData trace = s.inOrder();
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.checkout(p) → 3",
                "   ├─ ⇢ task #1 fork on main → 3",
                "   │  └─ Shop.priceOf(\"c\") → 3",
                "   ├─ Shop.main([])",
                "   └─ ⇠ joined task #1 (join)",
                ""), Synthetic.text(trace));
        CallNode helper = trace.threads().get(0).roots().get(0).children().get(0);
        assertSame(helper, trace.tasks().get(0).runParent());
        assertNull(helper.task());
    }
}
