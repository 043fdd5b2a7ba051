package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.ThreadInfoEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks' logic in this JVM, recorded with JFR and read back (JfrUnit style). */
class TracerTest {
    @TempDir
    Path temp;

    private final List<String> warnings = new ArrayList<>();
    private final MethodRegistry registry = new MethodRegistry(method -> { });
    private final Tracer tracer = new Tracer(registry, new ValueRenderer(ValueMode.TOSTRING, 80), warnings::add);
    private final int fib = registry.register("demo.Shop", "fib", "(I)I", "n", 8, null);
    private final int log = registry.register("demo.Shop", "log", "(Ljava/lang/String;)V", "line", 0, null);

    /** A value whose toString() calls a traced method, as the program's own code might. */
    private final class Nosy {
        @Override
        public String toString() {
            Object state = tracer.enter(log, new Object[] {"from toString"});
            assertNull(state, "calls made while rendering are not recorded");
            return "nosy";
        }
    }

    @Test
    void enterAndExitShareOnePerThreadSequence() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object outer = tracer.enter(fib, new Object[] {2});
            Object inner = tracer.enter(fib, new Object[] {1});
            tracer.exit(fib, inner, 1, null);
            tracer.exit(fib, outer, 1, null);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 2", "Enter 1 1", "Exit 2 1", "Exit 3 1"),
                describe(events));
        assertEquals(2, tracer.tracedCalls());
    }

    @Test
    void voidDiffersFromReturningNullAndAThrowKeepsTypeAndMessage() throws Exception {
        List<RecordedEvent> events = record(() -> {
            tracer.exitVoid(log, tracer.enter(log, new Object[] {"open"}), null);
            tracer.exit(fib, tracer.enter(fib, new Object[] {-1}), null, null);
            tracer.exit(fib, tracer.enter(fib, new Object[] {-2}), 0, new IllegalArgumentException("n < 0"));
        });
        List<RecordedEvent> exits = events.stream()
                .filter(e -> e.getEventType().getName().equals(MethodExitEvent.NAME)).toList();
        assertNull(exits.get(0).getString("result"), "void");
        assertEquals("null", exits.get(1).getString("result"), "returned null");
        assertTrue(exits.get(2).getBoolean("thrown"));
        assertNull(exits.get(2).getString("result"));
        assertEquals("java.lang.IllegalArgumentException", exits.get(2).getString("exception"));
        assertEquals("\"n < 0\"", exits.get(2).getString("message"));
    }

    @Test
    void renderingNeverRecordsNestedCalls() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object state = tracer.enter(fib, new Object[] {new Nosy()});
            tracer.exit(fib, state, 1, null);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 nosy", "Exit 1 1"), describe(events));
    }

    @Test
    void aFailureStopsTracingThatMethodOnlyAndIsReportedOnce() throws Exception {
        Object poison = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("boom"); // an Error the renderer does not expect
            }
        };
        List<RecordedEvent> events = record(() -> {
            assertNull(tracer.enter(log, new Object[] {poison}));
            assertNull(tracer.enter(log, new Object[] {"later"}), "stopped for good");
            assertNull(tracer.enter(log, new Object[] {poison}));
            Object state = tracer.enter(fib, new Object[] {3});
            assertNotNull(state, "other methods go on");
            tracer.exit(fib, state, 2, null);
        });
        assertEquals(List.of("tracing of demo.Shop.log stopped: java.lang.AssertionError: boom"), warnings);
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 3", "Exit 1 2"), describe(events));
    }

    /** What the advice does around a traced recursive method, called until the stack runs out. */
    private int descend(int n) {
        Object state = tracer.enter(fib, new Object[] {n});
        try {
            int result = descend(n + 1);
            tracer.exit(fib, state, result, null);
            return result;
        } catch (Throwable t) {
            if (state != null) {
                tracer.exit(fib, state, null, t);
            }
            throw t;
        }
    }

    @Test
    void aStackOverflowInTheProgramLosesNoExitAndStopsNoTracing() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Thread deep = new Thread(null, () -> {
                for (int round = 0; round < 2; round++) {
                    try {
                        descend(1);
                    } catch (StackOverflowError expected) {
                        // the program catches it and goes on
                    }
                }
                tracer.exit(fib, tracer.enter(fib, new Object[] {-1}), -1, null);
            }, "deep", 512 * 1024);
            deep.start();
            deep.join();
        });
        assertEquals(List.of(), warnings, "tracing stopped");
        List<RecordedEvent> calls = events.stream()
                .filter(e -> !e.getEventType().getName().equals(ThreadInfoEvent.NAME))
                .sorted(java.util.Comparator.comparingLong(e -> e.getLong("seq"))).toList();
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i, calls.get(i).getLong("seq"), "seq without gaps");
        }
        long enters = calls.stream().filter(e -> e.getEventType().getName().equals(MethodEnterEvent.NAME)).count();
        assertEquals(enters, calls.size() - enters, "an exit for every enter");
        assertTrue(enters > 200, "recursed: " + enters);
        List<String> last = describe(calls.subList(calls.size() - 2, calls.size()));
        assertEquals(List.of("Enter " + (calls.size() - 2) + " -1", "Exit " + (calls.size() - 1) + " -1"), last,
                "traced after the overflow");
        assertTrue(calls.stream().filter(e -> e.getEventType().getName().equals(MethodExitEvent.NAME))
                .anyMatch(e -> "java.lang.StackOverflowError".equals(e.getString("exception"))));
    }

    @Test
    void nothingIsRecordedWhileNoRecordingWantsTheEvents() {
        assertNull(tracer.enter(fib, new Object[] {1}));
        assertEquals(0, tracer.tracedCalls());
    }

    @Test
    void eachThreadCountsFromZero() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Thread other = new Thread(() -> tracer.exit(fib, tracer.enter(fib, new Object[] {7}), 13, null));
            other.start();
            other.join();
            tracer.exit(fib, tracer.enter(fib, new Object[] {1}), 1, null);
        });
        long zeros = events.stream().filter(e -> e.getEventType().getName().equals(MethodEnterEvent.NAME))
                .filter(e -> e.getLong("seq") == 0).count();
        assertEquals(2, zeros);
        assertEquals(2, tracer.tracedCalls());
    }

    interface Body {
        void run() throws Exception;
    }

    private List<RecordedEvent> record(Body body) throws Exception {
        Path file = temp.resolve("tracer.jfr");
        try (Recording recording = new Recording()) {
            for (var type : EventNames.ALL) {
                recording.enable(type).withThreshold(Duration.ZERO);
            }
            recording.start();
            body.run();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file));
        events.removeIf(e -> !e.getEventType().getName().startsWith("flowtrace."));
        assertFalse(events.isEmpty(), "recorded nothing");
        return events;
    }

    private static List<String> describe(List<RecordedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (RecordedEvent event : events) {
            switch (event.getEventType().getName()) {
                case ThreadInfoEvent.NAME -> lines.add("ThreadInfo virtual=" + event.getBoolean("virtual"));
                case MethodEnterEvent.NAME -> lines.add("Enter " + event.getLong("seq") + " "
                        + event.getString("arguments"));
                case MethodExitEvent.NAME -> lines.add("Exit " + event.getLong("seq") + " "
                        + event.getString("result"));
                default -> lines.add(event.getEventType().getName());
            }
        }
        return lines;
    }
}
