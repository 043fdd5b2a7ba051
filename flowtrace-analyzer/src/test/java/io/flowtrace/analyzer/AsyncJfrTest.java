package io.flowtrace.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import demo.AsyncDemo;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TaskReport;
import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/** Task events in a real JFR file: fork and join sites from JFR stack traces, live stacks from jdk.ThreadDump. */
class AsyncJfrTest {
    @TempDir
    Path dir;

    @Test
    void readsForkSitesJoinWaitsAndTheLastThreadDump() throws Exception {
        Path file = dir.resolve("async.jfr");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            AsyncDemo.start(0, 7);
            enter(2, 1);
            blocked.countDown();
            try {
                AsyncDemo.stuckForever(release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pool-1-thread-1");
        try (Recording recording = new Recording()) {
            for (Class<? extends Event> type : EventNames.ALL) {
                FlightRecorder.register(type);
                recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            recording.enable(TaskForkEvent.class).withStackTrace();
            recording.enable(TaskJoinEvent.class).withStackTrace();
            recording.enable("jdk.ThreadDump").with("period", "endChunk");
            recording.start();
            define(1, "main");
            define(2, "stuckForever");
            enter(1, 0);
            AsyncDemo.fork(1, 7, "submit");
            AsyncDemo.fork(2, 8, "execute");
            worker.start();
            blocked.await();
            Thread other = new Thread(() -> {
                AsyncDemo.start(0, 8);
                AsyncDemo.end(1, 8, "done");
            }, "pool-1-thread-2");
            other.start();
            other.join();
            AsyncDemo.join(3, 8);
            AsyncDemo.checkpoint(4, CheckpointEvent.BEFORE_AWAIT, "worker");
            recording.stop(); // the thread dump at the end of the chunk sees the worker blocked
            recording.dump(file);
        } finally {
            release.countDown();
            worker.join();
        }

        TraceData trace = TraceReader.read(file);
        TaskInfo submitted = trace.tasks().get(0);
        assertEquals(7, submitted.id());
        assertEquals("AsyncDemo.fork (AsyncDemo.java:27)", submitted.forkSite().display());
        assertEquals("pool-1-thread-1", submitted.runThread().name());
        TaskInfo executed = trace.tasks().get(1);
        assertEquals("AsyncDemo.join (AsyncDemo.java:55)", executed.joins().get(0).site().display());
        assertTrue(executed.joins().get(0).waitNanos() >= 15_000_000, "waited about 20 ms");
        assertEquals("done", executed.result());

        StringWriter out = new StringWriter();
        new TaskReport(trace, false).render(out);
        String report = out.toString();
        assertTrue(report.contains("  task #1 submit on pool-1-thread-1\n"
                + "    blocked at CountDownLatch.await ← AsyncDemo.stuckForever (AsyncDemo.java:68)  [WAITING "
                + "(parking)]\n"
                + "    in AsyncDemo.stuckForever() … running\n"
                + "    task #1 forked at AsyncDemo.fork (AsyncDemo.java:27) on " + Thread.currentThread().getName()
                + "\n"), report);
        assertTrue(report.contains("◆ worker (before await, never resumed)"), report);
    }

    private static final ThreadLocal<long[]> SEQ = ThreadLocal.withInitial(() -> new long[1]);

    private static void define(int id, String name) {
        MethodDefinitionEvent d = new MethodDefinitionEvent();
        d.id = id;
        d.type = "demo.AsyncDemo";
        d.name = name;
        d.descriptor = "()V";
        d.commit();
    }

    /** A method enter with the given seq (the worker's seq continues after its TaskStart). */
    private static void enter(int method, long seq) {
        MethodEnterEvent e = new MethodEnterEvent();
        e.method = method;
        e.seq = seq;
        e.arguments = "";
        e.commit();
    }

    @SuppressWarnings("unused")
    private static void exit(int method, long seq) throws IOException {
        MethodExitEvent e = new MethodExitEvent();
        e.method = method;
        e.seq = seq;
        e.commit();
    }
}
