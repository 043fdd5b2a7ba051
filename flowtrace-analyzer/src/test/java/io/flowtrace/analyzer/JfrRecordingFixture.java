package io.flowtrace.analyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.ThreadInfoEvent;
import io.flowtrace.events.records.CallRecordWriter;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * Writes a real JFR recording in this JVM by committing FlowTrace events directly, the way the agent would:
 * per-thread seq numbers, definitions again after each chunk rotation.
 */
final class JfrRecordingFixture implements AutoCloseable {
    private static final ThreadLocal<long[]> SEQ = ThreadLocal.withInitial(() -> new long[1]);
    private final Recording recording = new Recording();
    private final AtomicInteger nextId = new AtomicInteger(1);

    JfrRecordingFixture() {
        for (Class<? extends Event> type : EventNames.ALL) {
            FlightRecorder.register(type);
            recording.enable(type).withoutStackTrace();
        }
        recording.start();
    }

    /** Defines a method and returns its id. */
    int define(String type, String name, String descriptor) {
        int id = nextId.getAndIncrement();
        redefine(id, type, name, descriptor);
        return id;
    }

    void redefine(int id, String type, String name, String descriptor) {
        MethodDefinitionEvent e = new MethodDefinitionEvent();
        e.id = id;
        e.type = type;
        e.name = name;
        e.descriptor = descriptor;
        e.commit();
    }

    void agentInfo(String command) {
        AgentInfoEvent e = new AgentInfoEvent();
        e.version = "test";
        e.values = "safe";
        e.command = command;
        e.commit();
    }

    static void threadInfo(boolean virtual) {
        ThreadInfoEvent e = new ThreadInfoEvent();
        e.virtual = virtual;
        e.commit();
    }

    static void enter(int method, String... args) {
        MethodEnterEvent e = new MethodEnterEvent();
        e.method = method;
        e.seq = SEQ.get()[0]++;
        e.arguments = String.join(String.valueOf(EventNames.ARGUMENT_SEPARATOR), args);
        e.commit();
    }

    static void exit(int method, String result) {
        MethodExitEvent e = new MethodExitEvent();
        e.method = method;
        e.seq = SEQ.get()[0]++;
        e.result = result;
        e.commit();
    }

    static void exitThrowing(int method, String exception, String message) {
        MethodExitEvent e = new MethodExitEvent();
        e.method = method;
        e.seq = SEQ.get()[0]++;
        e.thrown = true;
        e.exception = exception;
        e.message = message;
        e.commit();
    }

    /**
     * Commits the records written so far as one {@code flowtrace.CallBatch} of {@code owner}, from the calling
     * thread, and advances the owner's seq past them; the recorder's clock is {@code System.nanoTime()}.
     */
    static void batch(Thread owner, long firstSeq, CallRecordWriter records) {
        CallBatchEvent e = new CallBatchEvent();
        e.begin();
        e.commitNanos = System.nanoTime();
        if (owner != Thread.currentThread()) {
            e.ownerThreadId = owner.getId();
            e.ownerThreadName = owner.getName();
        }
        e.firstSeq = firstSeq;
        e.count = records.count();
        e.startNanos = records.startNanos();
        e.records = records.take();
        e.commit();
    }

    /** Skips seq numbers on this thread, as if events had been lost. */
    static void loseEvents(int count) {
        SEQ.get()[0] += count;
    }

    static void resetSeq() {
        SEQ.get()[0] = 0;
    }

    /** Ends the current chunk: starting another recording makes JFR rotate to a new chunk. */
    static void rotateChunk() {
        try (Recording r = new Recording()) {
            r.start();
            r.stop();
        }
    }

    Path dump(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
        return file;
    }

    @Override
    public void close() {
        recording.close();
    }
}
