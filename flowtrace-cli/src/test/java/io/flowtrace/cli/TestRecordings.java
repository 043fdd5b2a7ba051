package io.flowtrace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
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
