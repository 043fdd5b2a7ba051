package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.ThreadInfoEvent;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;
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
            Object state = enter(log, "from toString");
            assertNull(state, "calls made while rendering are not recorded");
            return "nosy";
        }
    }

    @Test
    void enterAndExitShareOnePerThreadSequence() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object outer = enter(fib, 2);
            Object inner = enter(fib, 1);
            tracer.exitInteger(inner, 1, null, fib);
            tracer.exitInteger(outer, 1, null, fib);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 2", "Enter 1 1", "Exit 2 1", "Exit 3 1"),
                describe(events));
        assertEquals(2, tracer.tracedCalls());
    }

    @Test
    void voidDiffersFromReturningNullAndAThrowKeepsTypeAndMessage() throws Exception {
        List<RecordedEvent> events = record(() -> {
            tracer.exitVoid(log, enter(log, "open"), null);
            tracer.exitObject(enter(fib, -1), null, null, fib);
            tracer.exitInteger(enter(fib, -2), 0, new IllegalArgumentException("n < 0"), fib);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 \"open\"", "Void 1", "Enter 2 -1", "Exit 3 null",
                "Enter 4 -2", "Throw 5 java.lang.IllegalArgumentException \"n < 0\""), describe(events));
    }

    @Test
    void primitiveValuesKeepTheirTypeAndSecretsAreNeverRendered() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object state = tracer.enter(fib, 6);
            Tracer.argument(state, Long.MAX_VALUE);
            Tracer.argument(state, true);
            Tracer.argument(state, 1.5f);
            Tracer.argument(state, -0.25);
            tracer.argument(state, '\n');
            Tracer.secret(state);
            tracer.exitDouble(state, 2.0, null, fib);
        });
        assertEquals(List.of("ThreadInfo virtual=false",
                "Enter 0 9223372036854775807, true, 1.5, -0.25, '\\n', \"***\"", "Exit 1 2.0"), describe(events));
    }

    @Test
    void otherEventsOfTheThreadTakeTheirSeqFromAMarkAmongTheCalls() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object state = enter(fib, 1);
            assertEquals(1, tracer.state().takeSeq());
            tracer.exitInteger(state, 1, null, fib);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 1", "Mark 1", "Exit 2 1"), describe(events));
    }

    @Test
    void aFullBufferIsCommittedAndTheSeqsGoOnAcrossBatches() throws Exception {
        int calls = 5000; // well over one buffer's worth
        List<RecordedEvent> events = record(() -> {
            for (int i = 0; i < calls; i++) {
                tracer.exitInteger(enter(fib, i), i, null, fib);
            }
        });
        List<RecordedEvent> batches = batches(events);
        assertTrue(batches.size() > 1, "batches: " + batches.size());
        long seq = 0;
        for (RecordedEvent batch : batches) {
            assertEquals(seq, batch.getLong("firstSeq"));
            seq += batch.getInt("count");
        }
        assertEquals(2L * calls, seq);
        assertEquals(calls, tracer.tracedCalls());
    }

    @Test
    void anotherThreadFlushesWhatAThreadPublishedAndNamesIt() throws Exception {
        List<RecordedEvent> events = record(() -> {
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch flushed = new CountDownLatch(1);
            Thread blocked = new Thread(() -> {
                Object outer = enter(fib, 2);
                Object half = tracer.enter(fib, 2); // its arguments have not come yet: not published
                waiting.countDown();
                await(flushed);
                Tracer.argument(half, 1L);
                Tracer.argument(half, 1L);
                tracer.exitInteger(half, 2, null, fib);
                tracer.exitInteger(outer, 2, null, fib);
            }, "blocked");
            blocked.start();
            waiting.await();
            tracer.flushAll(); // as the clock thread does while a thread blocks
            flushed.countDown();
            blocked.join();
        });
        List<RecordedEvent> batches = batches(events);
        assertEquals(2, batches.size());
        assertEquals(0, batches.get(0).getLong("firstSeq"));
        assertEquals(1, batches.get(0).getInt("count"), "only the complete record");
        assertEquals("blocked", batches.get(0).getString("ownerThreadName"));
        assertEquals(1, batches.get(1).getLong("firstSeq"));
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 2", "Enter 1 1, 1", "Exit 2 2", "Exit 3 2"),
                describe(events));
    }

    /** An object of the program, shown by class and identity in the default (safe) mode. */
    private static final class Cart {
    }

    @Test
    void objectsEnumsAndStringsShowInEveryBatchAlsoWhenAnotherThreadCutTheRecordsBetweenTheirUses()
            throws Exception {
        Tracer safe = new Tracer(registry, new ValueRenderer(ValueMode.SAFE, 12), warnings::add);
        int show = registry.register("demo.Shop", "show", "(Ljava/lang/Object;Ljava/lang/Thread$State;"
                + "Ljava/lang/String;)Ljava/lang/Object;", "cart,state,note", 0, null);
        Cart cart = new Cart();
        String identity = "TracerTest$Cart@" + Integer.toHexString(System.identityHashCode(cart));
        List<RecordedEvent> events = record(() -> {
            CountDownLatch called = new CountDownLatch(1);
            CountDownLatch flushed = new CountDownLatch(1);
            Thread worker = new Thread(() -> {
                safe.exitObject(arguments(safe, show, cart, Thread.State.BLOCKED, "plain"), cart, null, show);
                called.countDown();
                await(flushed);
                safe.exitObject(arguments(safe, show, cart, Thread.State.BLOCKED, "say \"hi\"\n"),
                        Thread.State.BLOCKED, null, show);
                safe.exitObject(arguments(safe, show, null, Thread.State.NEW, "a longer string"), "é", null, show);
                safe.exitObject(arguments(safe, show, new int[3][], 42L, String.class, 1.5, (short) -7),
                        Boolean.TRUE, null, show);
                safe.exitObject(arguments(safe, show, List.of(cart, Thread.State.NEW), Map.of("k", "€ 5")),
                        List.of(), null, show);
            }, "worker");
            worker.start();
            called.await();
            safe.flushAll(); // cuts the worker's records between the two calls
            flushed.countDown();
            worker.join();
            safe.flushAll();
        });
        assertEquals(2, batches(events).size());
        assertEquals(List.of("ThreadInfo virtual=false",
                "Enter 0 " + identity + ", State.BLOCKED, \"plain\"", "Exit 1 " + identity,
                "Enter 2 " + identity + ", State.BLOCKED, \"say \\\"hi\\\"\\n\"", "Exit 3 State.BLOCKED",
                "Enter 4 null, State.NEW, \"a longer str…\"", "Exit 5 \"é\"",
                "Enter 6 int[3][], 42, String.class, 1.5, -7", "Exit 7 true",
                "Enter 8 [" + identity + ", State.NEW], {\"k\"=\"€ 5\"}", "Exit 9 []"), describe(events));
    }

    @Test
    void collectionsAndMapsAreWrittenElementByElementAndShowAsTheRendererShowsThem() throws Exception {
        ValueRenderer renderer = new ValueRenderer(ValueMode.SAFE, 12);
        Tracer safe = new Tracer(registry, renderer, warnings::add);
        int show = registry.register("demo.Shop", "show", "(Ljava/lang/Object;)Ljava/lang/Object;", "value", 0,
                null);
        List<Object> self = new ArrayList<>(List.of("me"));
        self.add(self);
        Map<String, Object> selfMap = new LinkedHashMap<>();
        selfMap.put("self", selfMap);
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(i - 500);
        }
        List<Object> values = List.of(List.of(new Cart(), new Cart()), new ArrayList<>(List.of("kiwi", "say \"hi\"\n",
                "a string longer than twelve", "é")), List.of(List.of(1, 2), List.of(List.of(3))), thousand,
                self, selfMap, new TreeMap<>(Map.of("k", List.of(Thread.State.NEW, 'c', 1.5, 7L), "n", new int[2])),
                Arrays.asList(null, String.class, Optional.of(List.of(1))), List.of(), new HashMap<>(),
                List.of(Map.of(1, Map.of(2, 3))));
        List<RecordedEvent> events = record(() -> {
            for (Object value : values) {
                safe.exitObject(arguments(safe, show, value), value, null, show);
            }
            safe.flushAll();
        });
        List<String> expected = new ArrayList<>(List.of("ThreadInfo virtual=false"));
        for (Object value : values) {
            String shown = renderer.render(value);
            expected.add("Enter " + (expected.size() - 1) + " " + shown);
            expected.add("Exit " + (expected.size() - 1) + " " + shown);
        }
        assertEquals(expected, describe(events));
        assertEquals("[TracerTest$Cart@", expected.get(1).substring("Enter 0 ".length(), "Enter 0 ".length() + 17));

        // two objects in a list take their class's word and two hashes, not the text of both
        Cart cart = new Cart();
        List<Cart> carts = List.of(cart, new Cart());
        String records = batches(record(() -> {
            safe.exitObject(arguments(safe, show, cart), cart, null, show);
            safe.exitObject(arguments(safe, show, carts), carts, null, show);
            safe.flushAll();
        })).get(0).getString("records");
        CallRecordReader reader = new CallRecordReader(records, 0, 0);
        List<Integer> sizes = new ArrayList<>();
        String last = null;
        while (reader.next()) {
            sizes.add(reader.valuesEnd() - reader.valuesStart());
            last = reader.result();
        }
        assertEquals(renderer.render(carts), last);
        assertTrue(sizes.get(3) <= 2 * 8 + 3, "chars of the list of two objects: " + sizes);
    }

    @Test
    void aListChangedWhileItIsWrittenIsShownByItsSizeWithoutWhatWasWrittenOfIt() throws Exception {
        int show = registry.register("demo.Shop", "show", "(Ljava/lang/Object;)Ljava/lang/Object;", "value", 0,
                null);
        List<Object> list = new ArrayList<>(List.of(Thread.State.NEW, new Cart()));
        list.add(new Object() {
            @Override
            public String toString() {
                list.add("more"); // the tostring mode calls it: the list changes while it is written
                return "changer";
            }
        });
        list.add(Thread.State.RUNNABLE);
        List<RecordedEvent> events = record(() -> {
            Object state = tracer.enter(show, 1);
            tracer.exitObject(tracer.argument(state, list), List.of(Thread.State.BLOCKED), null, show);
        });
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 ArrayList(size=5)", "Exit 1 [State.BLOCKED]"),
                describe(events));
    }

    /** The enter and object arguments as the generated code records them, on {@code on}. */
    private static Object arguments(Tracer on, int method, Object... arguments) {
        Object state = on.enter(method, arguments.length);
        for (Object argument : arguments) {
            state = on.argument(state, argument);
        }
        return state;
    }

    @Test
    void renderingNeverRecordsNestedCalls() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Object state = enter(fib, new Nosy());
            tracer.exitInteger(state, 1, null, fib);
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
            assertNull(enter(log, poison), "the call goes unrecorded, exit included");
            assertNull(enter(log, "later"), "stopped for good");
            assertNull(enter(log, poison));
            Object state = enter(fib, 3);
            assertNotNull(state, "other methods go on");
            tracer.exitInteger(state, 2, null, fib);
        });
        assertEquals(List.of("tracing of demo.Shop.log stopped: java.lang.AssertionError: boom"), warnings);
        assertEquals(List.of("ThreadInfo virtual=false", "Enter 0 3", "Exit 1 2"), describe(events));
    }

    /** What the advice does around a traced recursive method, called until the stack runs out. */
    private int descend(int n) {
        Object state = enter(fib, n);
        try {
            int result = descend(n + 1);
            tracer.exitInteger(state, result, null, fib);
            return result;
        } catch (Throwable t) {
            if (state != null) {
                tracer.exitInteger(state, 0, t, fib);
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
                tracer.exitInteger(enter(fib, -1), -1, null, fib);
            }, "deep", 512 * 1024);
            deep.start();
            deep.join();
        });
        assertEquals(List.of(), warnings, "tracing stopped");
        List<String> calls = describe(events);
        calls.remove("ThreadInfo virtual=false");
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i, Integer.parseInt(calls.get(i).split(" ")[1]), "seq without gaps");
        }
        long enters = calls.stream().filter(line -> line.startsWith("Enter ")).count();
        assertEquals(enters, calls.size() - enters, "an exit for every enter");
        assertTrue(enters > 200, "recursed: " + enters);
        assertEquals(List.of("Enter " + (calls.size() - 2) + " -1", "Exit " + (calls.size() - 1) + " -1"),
                calls.subList(calls.size() - 2, calls.size()), "traced after the overflow");
        assertTrue(calls.stream().anyMatch(line -> line.startsWith("Throw ")
                && line.contains("java.lang.StackOverflowError")));
    }

    @Test
    void nothingIsRecordedWhileNoRecordingWantsTheEvents() {
        assertNull(enter(fib, 1));
        assertEquals(0, tracer.tracedCalls());
    }

    @Test
    void eachThreadCountsFromZero() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Thread other = new Thread(() -> tracer.exitInteger(enter(fib, 7), 13, null, fib));
            other.start();
            other.join();
            tracer.exitInteger(enter(fib, 1), 1, null, fib);
        });
        assertEquals(2, describe(events).stream().filter(line -> line.equals("Enter 0 7") || line.equals("Enter 0 1"))
                .count());
        assertEquals(2, tracer.tracedCalls());
    }

    @Test
    void threadsTakingTurnsCallByCallEachRecordTheirOwnCalls() throws Exception {
        Semaphore first = new Semaphore(1);
        Semaphore second = new Semaphore(0);
        List<RecordedEvent> events = record(() -> {
            Thread a = new Thread(() -> nestedTakingTurns(100, first, second));
            Thread b = new Thread(() -> nestedTakingTurns(200, second, first));
            a.start();
            b.start();
            a.join();
            b.join();
        });
        List<String> lines = describe(events);
        lines.removeIf(line -> line.startsWith("ThreadInfo"));
        List<String> a = List.of("Enter 0 101", "Enter 1 102", "Enter 2 103", "Exit 3 3", "Exit 4 2", "Exit 5 1");
        List<String> b = a.stream().map(line -> line.replace(" 10", " 20")).toList();
        assertTrue(lines.equals(concat(a, b)) || lines.equals(concat(b, a)), lines.toString());
    }

    /** Three nested calls with arguments base + 1, + 2, + 3, each enter and exit in turn with another thread. */
    private void nestedTakingTurns(int base, Semaphore mine, Semaphore theirs) {
        Object[] states = new Object[3];
        for (int i = 0; i < 6; i++) {
            mine.acquireUninterruptibly();
            if (i < 3) {
                states[i] = enter(fib, base + i + 1);
            } else {
                tracer.exitInteger(states[5 - i], 6 - i, null, fib);
            }
            theirs.release();
        }
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /** What the generated code does at a method's start: the enter, then each argument typed. */
    private Object enter(int method, Object... arguments) {
        Object state = tracer.enter(method, arguments.length);
        for (Object argument : arguments) {
            if (state == null) {
                break;
            }
            state = argument instanceof Integer number ? Tracer.argument(state, number.longValue())
                    : tracer.argument(state, argument);
        }
        return state;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
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
            tracer.flushAll(); // as the end of the chunk does
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file));
        events.removeIf(e -> !e.getEventType().getName().startsWith("flowtrace."));
        assertFalse(events.isEmpty(), "recorded nothing");
        return events;
    }

    /** The call batches, in the order of their seqs. */
    private static List<RecordedEvent> batches(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().equals(CallBatchEvent.NAME))
                .sorted(Comparator.comparingLong(e -> e.getLong("firstSeq"))).toList();
    }

    /** Thread infos, then each thread's call records, one line each, e.g. {@code Enter 0 1, 2}. */
    private static List<String> describe(List<RecordedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals(ThreadInfoEvent.NAME)) {
                lines.add("ThreadInfo virtual=" + event.getBoolean("virtual"));
            }
        }
        List<RecordedEvent> batches = new ArrayList<>(batches(events));
        batches.sort(Comparator.comparing((RecordedEvent e) -> owner(e)).thenComparingLong(e -> e.getLong("firstSeq")));
        for (RecordedEvent batch : batches) {
            CallRecordReader reader = new CallRecordReader(batch.getString("records"), batch.getLong("firstSeq"),
                    batch.getLong("startNanos"));
            while (reader.next()) {
                String seq = " " + reader.seq();
                switch (reader.kind()) {
                    case CallRecords.ENTER -> lines.add("Enter" + seq + " "
                            + reader.arguments().replace(String.valueOf(EventNames.ARGUMENT_SEPARATOR), ", "));
                    case CallRecords.RETURN -> lines.add("Exit" + seq + " " + reader.result());
                    case CallRecords.RETURN_VOID -> lines.add("Void" + seq);
                    case CallRecords.THROW -> lines.add("Throw" + seq + " " + reader.exception() + " "
                            + reader.message());
                    case CallRecords.MARK -> lines.add("Mark" + seq);
                    default -> lines.add("?" + seq);
                }
            }
        }
        return lines;
    }

    private static String owner(RecordedEvent batch) {
        return batch.getLong("ownerThreadId") != 0 ? String.valueOf(batch.getLong("ownerThreadId"))
                : String.valueOf(batch.getThread().getJavaThreadId());
    }
}
