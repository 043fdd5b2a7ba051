package io.flowtrace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.events.TaskStartEvent;
import io.flowtrace.events.records.CallRecordWriter;
import jdk.jfr.Event;
import jdk.jfr.Recording;

/** Writes small recordings in this JVM by committing FlowTrace events as the agent would. */
final class TestRecordings {
    private long seq;

    private TestRecordings() {
    }

    /**
     * A recording of {@code Fib.fib(n)} on the calling thread, in two chunks: the calls of {@code fib(n - 1)}
     * and those of {@code fib(n - 2)} (a second recording started between them makes JFR begin a new chunk).
     */
    static void fib(Path file, int n) throws IOException {
        try (Recording recording = new Recording()) {
            for (Class<? extends Event> type : EventNames.ALL) {
                recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            recording.start();
            MethodDefinitionEvent definition = new MethodDefinitionEvent();
            definition.id = 1;
            definition.type = "demo.Fib";
            definition.name = "fib";
            definition.descriptor = "(I)I";
            definition.parameterNames = "n";
            definition.modifiers = 8;
            definition.commit();
            TestRecordings writer = new TestRecordings();
            writer.enter(n);
            int a = writer.call(n - 1);
            try (Recording rotate = new Recording()) {
                rotate.start(); // a new chunk begins; the definition is re-emitted like the agent does
                definition.commit();
                int b = writer.call(n - 2);
                writer.exit(a + b);
            }
            recording.stop();
            recording.dump(file);
        }
    }

    private int call(int n) {
        enter(n);
        int result = n < 2 ? n : call(n - 1) + call(n - 2);
        exit(result);
        return result;
    }

    private void enter(int n) {
        MethodEnterEvent e = new MethodEnterEvent();
        e.method = 1;
        e.seq = seq++;
        e.arguments = Integer.toString(n);
        e.commit();
    }

    private void exit(int result) {
        MethodExitEvent e = new MethodExitEvent();
        e.method = 1;
        e.seq = seq++;
        e.result = Integer.toString(result);
        e.commit();
    }

    /**
     * A recording of {@code Shop.checkout} on the calling thread forking two tasks to a thread {@code pool-1}:
     * when {@code troubled}, the first fails unobserved and the second is still running at the end; otherwise
     * both complete and are joined.
     */
    static void tasks(Path file, boolean troubled) throws IOException, InterruptedException {
        try (Recording recording = new Recording()) {
            for (Class<? extends Event> type : EventNames.ALL) {
                recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            recording.start();
            define(1, "checkout");
            define(2, "priceOf");
            TestRecordings main = new TestRecordings();
            main.enter(1, "pool");
            main.fork(1);
            main.fork(2);
            Thread pool = new Thread(() -> {
                TestRecordings worker = new TestRecordings();
                worker.start(1);
                worker.enter(2, "\"apple\"");
                if (troubled) {
                    worker.exitThrowing(2);
                    worker.end(1, TaskEndEvent.EXCEPTION);
                    worker.start(2);
                    worker.enter(2, "\"kiwi\"");
                } else {
                    worker.exit(2, "15");
                    worker.end(1, TaskEndEvent.VALUE);
                    worker.start(2);
                    worker.enter(2, "\"kiwi\"");
                    worker.exit(2, "10");
                    worker.end(2, TaskEndEvent.VALUE);
                }
            }, "pool-1");
            pool.start();
            pool.join();
            if (!troubled) {
                main.join(1);
                main.join(2);
            }
            main.exit(1, "25");
            recording.stop();
            recording.dump(file);
        }
    }

    private static void define(int id, String name) {
        MethodDefinitionEvent definition = new MethodDefinitionEvent();
        definition.id = id;
        definition.type = "demo.Shop";
        definition.name = name;
        definition.descriptor = id == 1 ? "(Ljava/lang/Object;)I" : "(Ljava/lang/String;)I";
        definition.commit();
    }

    private void enter(int method, String arguments) {
        MethodEnterEvent e = new MethodEnterEvent();
        e.method = method;
        e.seq = seq++;
        e.arguments = arguments;
        e.commit();
    }

    private void exit(int method, String result) {
        MethodExitEvent e = new MethodExitEvent();
        e.method = method;
        e.seq = seq++;
        e.result = result;
        e.commit();
    }

    private void exitThrowing(int method) {
        MethodExitEvent e = new MethodExitEvent();
        e.method = method;
        e.seq = seq++;
        e.thrown = true;
        e.exception = "java.lang.IllegalStateException";
        e.message = "\"out of stock\"";
        e.commit();
    }

    private void fork(long task) {
        TaskForkEvent e = new TaskForkEvent();
        e.task = task;
        e.kind = "submit";
        e.seq = seq++;
        e.commit();
    }

    private void start(long task) {
        TaskStartEvent e = new TaskStartEvent();
        e.task = task;
        e.seq = seq++;
        e.commit();
    }

    private void end(long task, String outcome) {
        TaskEndEvent e = new TaskEndEvent();
        e.task = task;
        e.outcome = outcome;
        if (outcome.equals(TaskEndEvent.EXCEPTION)) {
            e.exception = "java.lang.IllegalStateException";
            e.message = "\"out of stock\"";
        }
        e.seq = seq++;
        e.commit();
    }

    private void join(long task) {
        TaskJoinEvent e = new TaskJoinEvent();
        e.task = task;
        e.kind = "get";
        e.completed = true;
        e.seq = seq++;
        e.commit();
    }

    /**
     * {@code Shop.checkout("kiwi", 3)} calling {@code priceOf("kiwi")}, which throws, as one call batch committed
     * for a thread {@code shop-1} by the calling thread, the way the recorder flushes a blocked thread's calls.
     */
    static Path batchedCheckout(Path file) throws IOException, InterruptedException {
        Thread shop = new Thread(() -> { }, "shop-1");
        shop.start();
        shop.join();
        try (Recording recording = new Recording()) {
            for (Class<? extends Event> type : EventNames.ALL) {
                recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            recording.start();
            define(1, "checkout");
            define(2, "priceOf");
            long t0 = System.nanoTime();
            CallRecordWriter records = new CallRecordWriter(64, t0);
            records.enter(t0, 1, 2);
            records.text("\"kiwi\"");
            records.integer(3);
            records.enter(t0 + 1_000, 2, 1);
            records.text("\"kiwi\"");
            records.thrown(t0 + 2_000, 2, "java.util.NoSuchElementException", "no price for \"kiwi\"");
            records.returnValue(t0 + 3_000, 1);
            records.integer(-1);
            CallBatchEvent batch = new CallBatchEvent();
            batch.begin();
            batch.commitNanos = System.nanoTime();
            batch.ownerThreadId = shop.getId();
            batch.ownerThreadName = shop.getName();
            batch.count = records.count();
            batch.startNanos = records.startNanos();
            batch.records = records.take();
            batch.commit();
            recording.stop();
            recording.dump(file);
        }
        return file;
    }

    /** A valid JFR file with only JDK events in it. */
    static void withoutFlowTrace(Path file) throws IOException {
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ZERO);
            recording.enable("jdk.CPULoad");
            recording.start();
            Object lock = new Object();
            synchronized (lock) {
                try {
                    lock.wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            recording.stop();
            recording.dump(file);
        }
    }
}
