package io.flowtrace.analyzer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/** {@code flowtrace tasks}: what did not finish cleanly, with async stacks and live stacks. */
class TaskReportTest {
    /** What {@code jcmd Thread.print} (and so jdk.ThreadDump) prints, JDK 21 style. */
    static final String DUMP = String.join("\n",
            "2026-11-21 21:00:00",
            "Full thread dump OpenJDK 64-Bit Server VM (21+35 mixed mode, sharing):",
            "",
            "\"main\" #1 [4711] prio=5 os_prio=0 cpu=50.00ms elapsed=1.00s tid=0x1 nid=4711 waiting on condition "
                    + " [0x1]",
            "   java.lang.Thread.State: WAITING (parking)",
            "\tat jdk.internal.misc.Unsafe.park(java.base@21/Native Method)",
            "\t- parking to wait for  <0x0000000> (a java.util.concurrent.CompletableFuture$Signaller)",
            "\tat java.util.concurrent.locks.LockSupport.park(java.base@21/LockSupport.java:371)",
            "\tat java.util.concurrent.CompletableFuture.join(java.base@21/CompletableFuture.java:2117)",
            "\tat examples.Shop.main(Shop.java:30)",
            "",
            "\"pool-1-thread-1\" #11 [4712] prio=5 os_prio=0 cpu=1.00ms elapsed=0.90s tid=0x2 nid=4712 waiting on "
                    + "condition  [0x2]",
            "   java.lang.Thread.State: WAITING (parking)",
            "\tat jdk.internal.misc.Unsafe.park(java.base@21/Native Method)",
            "\tat java.util.concurrent.locks.LockSupport.park(java.base@21/LockSupport.java:371)",
            "\tat java.util.concurrent.CountDownLatch.await(java.base@21/CountDownLatch.java:230)",
            "\tat examples.Lost.stuckForever(Lost.java:9)",
            "\tat examples.Lost$$Lambda/0x0001.run(Unknown Source)",
            "\tat java.lang.Thread.run(java.base@21/Thread.java:1583)",
            "");

    static String report(TraceData trace, boolean strict) throws IOException {
        StringWriter out = new StringWriter();
        new TaskReport(trace, strict).render(out);
        return out.toString();
    }

    static Synthetic troubled() {
        Synthetic s = AsyncTreeTest.shop().threadDump(DUMP);
        s.thread(1, "main").enter(AsyncTreeTest.MAIN, "[]")
                .fork(1, 0, "submit", "java.util.concurrent.AbstractExecutorService.submit:123",
                        "examples.Shop.main:21")
                .fork(3, 0, "execute", "examples.Shop.main:22")
                .fork(4, 0, "execute", "examples.Shop.main:23")
                .fork(5, 0, "execute", "examples.Shop.main:24")
                .checkpoint("beforeAwait", "all done", 0);
        s.thread(11, "pool-1-thread-1").start(1).enter(AsyncTreeTest.CHECKOUT, "x")
                .fork(2, 1, "supplyAsync", "examples.Shop.checkout:40")
                .enter(AsyncTreeTest.STUCK);
        s.thread(12, "pool-1-thread-2").start(3)
                .enter(AsyncTreeTest.PRICE, "\"x\"")
                .exitThrowing(AsyncTreeTest.PRICE, "java.lang.IllegalStateException", "boom")
                .endThrowing(3, "java.lang.IllegalStateException", "boom")
                .start(5).end(5, null);
        return s;
    }

    @Test
    void reportsWhatIsStuckWhereWithTheChainOfForks() throws IOException {
        TraceData trace = troubled().inOrder();
        assertEquals(String.join("\n",
                "Still running when the recording ended:",
                "  task #1 submit on pool-1-thread-1",
                "    blocked at CountDownLatch.await ← Lost.stuckForever (Lost.java:9)  [WAITING (parking)]",
                "    in Lost.stuckForever() … running",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "    in Shop.main([]) … running",
                "Failed, and nobody waited for the outcome:",
                "  task #3 execute on pool-1-thread-2 ✗ IllegalStateException: boom",
                "    task #3 forked at Shop.main (Shop.java:22) on main",
                "    in Shop.main([]) … running",
                "Never started:",
                "  task #2 supplyAsync",
                "    task #2 forked at Shop.checkout (Shop.java:40) on pool-1-thread-1",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "    in Shop.main([]) … running",
                "  task #4 execute",
                "    task #4 forked at Shop.main (Shop.java:23) on main",
                "    in Shop.main([]) … running",
                "Calls still open:",
                "  main",
                "    blocked at CompletableFuture.join ← Shop.main (Shop.java:30)  [WAITING (parking)]",
                "    in Shop.main([]) … running",
                "Waiting at a checkpoint (beforeAwait without afterAwait):",
                "  ◆ all done (before await, never resumed) on main",
                "    blocked at CompletableFuture.join ← Shop.main (Shop.java:30)  [WAITING (parking)]",
                "    in Shop.main([]) … running",
                "Finished but never joined (not counted as problems without --strict):",
                "  task #5 execute on pool-1-thread-2",
                "    task #5 forked at Shop.main (Shop.java:24) on main",
                "    in Shop.main([]) … running",
                "Checkpoints:",
                "  ◆ all done (before await, never resumed) on main",
                "    in Shop.main([]) … running",
                "6 problems: 1 still running, 1 failed unobserved, 2 never started, 1 thread with open calls, "
                        + "1 waiting at a checkpoint.",
                ""), report(trace, false));
        assertEquals(7, new TaskReport(trace, true).problemCount(), "never joined counts when strict");
    }

    @Test
    void threadsAndIncludesNarrowTheReportAndItsCountExcludesHideCalls() throws IOException {
        TraceData trace = troubled().inOrder();
        StringWriter pool = new StringWriter();
        TaskReport onPool = new TaskReport(trace, false, CallFilter.builder().thread("pool-1-*").build());
        onPool.render(pool);
        assertEquals(3, onPool.problemCount());
        assertEquals(String.join("\n",
                "Still running when the recording ended:",
                "  task #1 submit on pool-1-thread-1",
                "    blocked at CountDownLatch.await ← Lost.stuckForever (Lost.java:9)  [WAITING (parking)]",
                "    in Lost.stuckForever() … running",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "    in Shop.main([]) … running",
                "Failed, and nobody waited for the outcome:",
                "  task #3 execute on pool-1-thread-2 ✗ IllegalStateException: boom",
                "    task #3 forked at Shop.main (Shop.java:22) on main",
                "    in Shop.main([]) … running",
                "Never started:",
                "  task #2 supplyAsync",
                "    task #2 forked at Shop.checkout (Shop.java:40) on pool-1-thread-1",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "    in Shop.main([]) … running",
                "Finished but never joined (not counted as problems without --strict):",
                "  task #5 execute on pool-1-thread-2",
                "    task #5 forked at Shop.main (Shop.java:24) on main",
                "    in Shop.main([]) … running",
                "3 problems: 1 still running, 1 failed unobserved, 1 never started; 3 problems outside the filters.",
                ""), pool.toString());

        StringWriter checkout = new StringWriter();
        TaskReport inCheckout = new TaskReport(trace, false, CallFilter.builder().include("examples.Shop::checkout")
                .build());
        inCheckout.render(checkout);
        assertEquals(String.join("\n",
                "Still running when the recording ended:",
                "  task #1 submit on pool-1-thread-1",
                "    blocked at CountDownLatch.await ← Lost.stuckForever (Lost.java:9)  [WAITING (parking)]",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "Never started:",
                "  task #2 supplyAsync",
                "    task #2 forked at Shop.checkout (Shop.java:40) on pool-1-thread-1",
                "    in Shop.checkout(x) … running",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "2 problems: 1 still running, 1 never started; 4 problems outside the filters.",
                ""), checkout.toString());

        TaskReport quiet = new TaskReport(trace, false, CallFilter.builder().thread("nobody").build());
        assertEquals(0, quiet.problemCount(), "what the filters leave out does not fail a build");
    }

    @Test
    void aFailureTakenOverByADependentStageIsNoLostExceptionAndItsSourceNoUnjoinedTask() throws IOException {
        TraceData trace = AsyncTreeTest.recovered().inOrder();
        assertEquals("No problems: 3 tasks, 0 checkpoints.\n", report(trace, true));
    }

    @Test
    void aPeriodicTaskWaitingForItsNextRunIsNoProblem() throws IOException {
        assertEquals(0, new TaskReport(AsyncTreeTest.periodic(false).inOrder(), true).problemCount());
        assertEquals(0, new TaskReport(AsyncTreeTest.periodic(true).inOrder(), true).problemCount());
    }

    @Test
    void aPeriodicScheduleBeforeItsFirstRunIsNoTaskThatNeverStarted() throws IOException {
        Synthetic s = AsyncTreeTest.shop();
        s.thread(1, "main").enter(AsyncTreeTest.CHECKOUT, "timer")
                .fork(5, 0, "scheduleAtFixedRate", "reactor.core.scheduler.BoundedElasticScheduler.init:168",
                        "examples.Shop.checkout:20")
                .exit(AsyncTreeTest.CHECKOUT, "3");
        TraceData trace = s.inOrder();
        assertEquals("No problems: 1 task, 0 checkpoints; 1 periodic schedule waiting.\n", report(trace, false));
        assertEquals(String.join("\n",
                "main",
                "└─ Shop.checkout(timer) → 3",
                "   └─ ⇢ task #1 scheduleAtFixedRate … waiting for its first run",
                ""), Synthetic.text(trace));
    }

    /** Reactor's way: the program's .block() subscribes, a scheduler of the library forks, a worker of it forks. */
    static Synthetic throughALibrary() {
        Synthetic s = AsyncTreeTest.shop().threadDump(String.join("\n",
                "\"main\" #1 [4711] prio=5 os_prio=0 cpu=50.00ms elapsed=1.00s tid=0x1 nid=4711 waiting on condition",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat jdk.internal.misc.Unsafe.park(java.base@21/Native Method)",
                "\tat java.util.concurrent.CountDownLatch.await(java.base@21/CountDownLatch.java:230)",
                "\tat reactor.core.publisher.BlockingSingleSubscriber.blockingGet(BlockingSingleSubscriber.java:129)",
                "\tat reactor.core.publisher.Mono.block(Mono.java:1779)",
                "\tat examples.Shop$Cart.total(Shop.java:51)",
                "\tat examples.Shop.main(Shop.java:30)",
                ""));
        s.thread(1, "main").enter(AsyncTreeTest.MAIN, "[]")
                .fork(1, 0, "submit", "java.util.concurrent.ScheduledThreadPoolExecutor.submit:731",
                        "reactor.core.scheduler.Schedulers.directSchedule:1390",
                        "reactor.core.publisher.Mono.block:1778", "examples.Shop$Cart.total:51",
                        "examples.Shop.main:30");
        s.thread(11, "boundedElastic-1").start(1)
                .fork(2, 1, "submit", "java.util.concurrent.ScheduledThreadPoolExecutor.submit:731",
                        "reactor.core.scheduler.Schedulers.workerSchedule:1445",
                        "java.util.concurrent.FutureTask.run:264")
                .end(1, null);
        s.thread(12, "parallel-1").start(2).enter(AsyncTreeTest.STUCK);
        return s;
    }

    @Test
    void aForkOrWaitInsideALibraryIsTakenBackToTheProgramsLine() throws IOException {
        assertEquals(String.join("\n",
                "Still running when the recording ended:",
                "  task #2 submit on parallel-1",
                "    in Lost.stuckForever() … running",
                "    task #2 forked at Schedulers.workerSchedule (Schedulers.java:1445) on boundedElastic-1",
                "    task #1 forked at Schedulers.directSchedule (Schedulers.java:1390) ← Shop$Cart.total (Shop.java:51) "
                        + "on main",
                "    in Shop.main([]) … running",
                "Calls still open:",
                "  main",
                "    blocked at CountDownLatch.await ← BlockingSingleSubscriber.blockingGet "
                        + "(BlockingSingleSubscriber.java:129) ← Shop$Cart.total (Shop.java:51)  [WAITING (parking)]",
                "    in Shop.main([]) … running",
                "2 problems: 1 still running, 1 thread with open calls.",
                ""), report(throughALibrary().inOrder(), false));
        assertEquals(2, new TaskReport(throughALibrary().inOrder(), true).problemCount(),
                "a task a library forked and took the outcome of its own way is no task never joined");
    }

    @Test
    void aCleanRunHasNoProblems() throws IOException {
        TraceData trace = AsyncTreeTest.checkout().inOrder();
        assertEquals(0, new TaskReport(trace, true).problemCount());
        assertEquals(String.join("\n",
                "Checkpoints:",
                "  ◆ paid on main",
                "    in Shop.checkout(pool)",
                "No problems: 2 tasks, 1 checkpoint.",
                ""), report(trace, true));
    }
}
