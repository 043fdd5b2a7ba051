package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TraceData;

/**
 * {@code flowtrace export} of every committed recording is a timeline Perfetto can draw: named tracks, slices
 * properly nested on each track, every call and task run present, and every flow arrow with both ends, its start
 * before its end (Perfetto binds arrows in time order).
 */
class ExportStructureTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TestFactory
    List<DynamicTest> everyRecordingExportsAWellFormedTimeline() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            tests.add(DynamicTest.dynamicTest(example.name(), () -> {
                Path recording = example.recording();
                Golden.Output output = Golden.cli(List.of("export", "-o", "-", recording.toString()));
                assertEquals(0, output.code(), output.err());
                List<JsonNode> events = events(output.out(), example.name());
                TraceData trace = TraceReader.read(recording);
                assertWellFormed(events, example.name());
                assertEquals(trace.callCount(), slices(events, "call").size(),
                        example.name() + ": one slice per call");
                Set<Integer> runs = new HashSet<>();
                slices(events, "task").forEach(e -> runs.add(e.get("args").get("task").asInt()));
                Set<Integer> forks = new HashSet<>();
                slices(events, "fork").forEach(e -> forks.add(e.get("args").get("task").asInt()));
                for (TaskInfo task : trace.tasks()) {
                    if (task.isJdkInternal()) {
                        continue;
                    }
                    if (task.runThread() != null) {
                        assertTrue(runs.contains(task.number()), example.name() + ": no run of " + task);
                    }
                    if (task.isForked() && task.forkThread() != null) {
                        assertTrue(forks.contains(task.number()), example.name() + ": no fork of " + task);
                    }
                }
            }));
        }
        return tests;
    }

    @Test
    void tasksGetArrowsFromTheirForkAndToTheirJoin() throws Exception {
        Golden.Output output = Golden.cli(List.of("export", "-o", "-",
                Example.HOME.resolve("executor/executor.jfr").toString()));
        List<JsonNode> events = events(output.out(), "executor");
        JsonNode fork = slices(events, "fork").get(0);
        JsonNode run = slices(events, "task").get(0);
        JsonNode join = slices(events, "join").stream().filter(e -> e.has("bind_id")).findFirst().orElseThrow();
        assertEquals("fork task #1 submit", fork.get("name").asText());
        assertEquals("task #1 submit", run.get("name").asText());
        assertEquals("get task #1", join.get("name").asText());
        assertTrue(fork.get("flow_out").asBoolean() && !fork.has("flow_in"));
        assertTrue(run.get("flow_in").asBoolean() && run.get("flow_out").asBoolean());
        assertTrue(join.get("flow_in").asBoolean() && !join.has("flow_out"));
        assertEquals(fork.get("tid"), join.get("tid"), "forked and joined on main");
        assertFalse(fork.get("tid").equals(run.get("tid")), "ran on the pool's thread");
        JsonNode lookup = slices(events, "call").stream()
                .filter(e -> e.get("name").asText().startsWith("ExecutorDemo.lookup")).findFirst().orElseThrow();
        assertEquals("\"question\"", lookup.get("args").get("arguments").get("key").asText());
        assertEquals("56", lookup.get("args").get("result").asText());
    }

    @Test
    void maxCallsKeepsWholeLevelsFromTheTopAndSaysWhatWasLeftOut() throws Exception {
        Golden.Output output = Golden.cli(List.of("export", "--max-calls", "4", "-o", "-",
                Example.HOME.resolve("fib/fib.jfr").toString()));
        assertEquals(0, output.code(), output.err());
        List<JsonNode> events = events(output.out(), "fib");
        assertWellFormed(events, "fib --max-calls 4");
        List<String> calls = slices(events, "call").stream().map(e -> e.get("name").asText()).toList();
        assertEquals(List.of("Fib.main(String[0])", "Fib.fib(4)", "Fib.fib(3)", "Fib.fib(2)"), calls);
        assertTrue(output.err().contains("flowtrace export: wrote 4 of 10 calls: the top 3 levels, 6 deeper calls "
                + "left out (--max-calls N writes more"), output.err());
    }

    @Test
    void coarseTimesAreSaidOnce() {
        Golden.Output output = Golden.cli(List.of("export", "-o", "-",
                Example.HOME.resolve("fib/fib.jfr").toString()));
        long notes = output.err().lines().filter(l -> l.contains("record with --timing exact")).count();
        assertEquals(1, notes, output.err());
        assertTrue(output.err().startsWith("flowtrace export: call times are coarse (recorded to about 1 ms: "),
                output.err());
    }

    static List<JsonNode> events(String json, String name) throws Exception {
        JsonNode root = JSON.readTree(json);
        JsonNode events = root.get("traceEvents");
        if (events == null || !events.isArray()) {
            fail(name + ": no traceEvents array");
        }
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return list;
    }

    static List<JsonNode> slices(List<JsonNode> events, String category) {
        return events.stream().filter(e -> e.get("ph").asText().equals("X") && e.get("cat").asText()
                .equals(category)).toList();
    }

    /** Names on every track and slice, nesting per track in the order written, flows paired and in time order. */
    static void assertWellFormed(List<JsonNode> events, String name) {
        Set<Integer> named = new HashSet<>();
        boolean process = false;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("M")) {
                process |= e.get("name").asText().equals("process_name");
                if (e.get("name").asText().equals("thread_name")) {
                    assertFalse(e.get("args").get("name").asText().isEmpty(), name + ": empty thread name");
                    named.add(e.get("tid").asInt());
                }
            }
        }
        assertTrue(process, name + ": no process name");
        Map<Integer, Deque<long[]>> open = new HashMap<>();
        Map<Long, List<JsonNode>> flows = new LinkedHashMap<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            if (!ph.equals("X") && !ph.equals("i")) {
                continue;
            }
            int tid = e.get("tid").asInt();
            String what = name + ": " + e.get("name").asText() + " on tid " + tid;
            assertTrue(named.contains(tid), what + ": its thread has no name");
            assertFalse(e.get("name").asText().isEmpty(), what + ": no name");
            long start = nanos(e.get("ts"));
            long end = start + (ph.equals("X") ? nanos(e.get("dur")) : 0);
            assertTrue(end >= start, what + ": negative duration");
            Deque<long[]> stack = open.computeIfAbsent(tid, k -> new ArrayDeque<>());
            while (!stack.isEmpty() && !(stack.peek()[0] <= start && end <= stack.peek()[1])) {
                assertTrue(stack.peek()[1] <= start, what + " [" + start + ", " + end + "] overlaps ["
                        + stack.peek()[0] + ", " + stack.peek()[1] + "]");
                stack.pop();
            }
            stack.push(new long[] {start, end});
            if (e.has("bind_id")) {
                flows.computeIfAbsent(e.get("bind_id").asLong(), k -> new ArrayList<>()).add(e);
            }
        }
        flows.forEach((id, ends) -> {
            List<JsonNode> sources = ends.stream().filter(e -> e.path("flow_out").asBoolean()
                    && !e.path("flow_in").asBoolean()).toList();
            List<JsonNode> steps = ends.stream().filter(e -> e.path("flow_out").asBoolean()
                    && e.path("flow_in").asBoolean()).toList();
            List<JsonNode> targets = ends.stream().filter(e -> !e.path("flow_out").asBoolean()
                    && e.path("flow_in").asBoolean()).toList();
            String what = name + ": flow " + id + " " + ends;
            assertTrue(sources.size() + steps.size() + targets.size() == ends.size(), what + ": no direction");
            // a chain: one start, at most one slice it passes through, then its ends
            if (steps.isEmpty()) {
                assertEquals(1, sources.size(), what);
                assertFalse(targets.isEmpty(), what + ": no end");
            } else {
                assertEquals(1, steps.size(), what);
                assertTrue(sources.size() <= 1, what);
                assertTrue(!sources.isEmpty() || !targets.isEmpty(), what + ": no other end");
                if (!sources.isEmpty()) {
                    assertTrue(nanos(sources.get(0).get("ts")) < nanos(steps.get(0).get("ts")), what + ": order");
                }
            }
            JsonNode from = steps.isEmpty() ? sources.get(0) : steps.get(0);
            for (JsonNode t : targets) {
                assertTrue(nanos(from.get("ts")) < nanos(t.get("ts")), what + ": order");
            }
        });
    }

    private static long nanos(JsonNode micros) {
        return micros.decimalValue().movePointRight(3).longValueExact();
    }
}
