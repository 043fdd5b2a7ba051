package io.flowtrace.analyzer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.flowtrace.analyzer.DemoMethods;
import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/** The JSON output, parsed back as another tool would. */
class JsonRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode json(TraceData trace, JsonRenderer renderer) throws Exception {
        return MAPPER.readTree(Synthetic.json(trace, renderer));
    }

    @Test
    void writesTheDocumentedShape() throws Exception {
        Synthetic s = DemoMethods.definitions().command("com.acme.App");
        s.thread(1, "main").startAt(3)
                .enter(DemoMethods.MAIN, "[]")
                .enter(DemoMethods.WORK, "a")
                .enter(DemoMethods.CHECK, "1")
                .exitThrowing(DemoMethods.CHECK, "java.lang.IllegalStateException", "closed")
                .exit(DemoMethods.WORK, "recovered")
                .exit(DemoMethods.LOAD, "x")
                .enter(DemoMethods.INIT, "2");
        JsonNode root = json(s.inOrder(), new JsonRenderer(CallFilter.NONE, false, true));
        assertEquals(2, root.get("schemaVersion").asInt());
        assertEquals("com.acme.App", root.get("command").asText());
        assertFalse(root.get("truncated").asBoolean());
        assertEquals("thread main: recording starts mid-run (older data was rotated out)",
                root.get("warnings").get(0).asText());
        JsonNode thread = root.get("threads").get(0);
        assertEquals("main", thread.get("name").asText());
        assertEquals(1, thread.get("javaThreadId").asLong());
        assertFalse(thread.get("virtual").asBoolean());

        JsonNode main = thread.get("calls").get(0);
        assertEquals("com.acme.App", main.get("class").asText());
        assertEquals("main", main.get("method").asText());
        assertEquals("([Ljava/lang/String;)V", main.get("descriptor").asText());
        assertEquals("App.main", main.get("display").asText());
        assertEquals("[]", main.get("args").get(0).asText());
        assertEquals("running", main.get("outcome").asText());
        assertFalse(main.has("result"));
        assertFalse(main.has("enterLost"));
        assertFalse(main.has("startNanos"));

        JsonNode work = main.get("children").get(0);
        assertEquals("returned", work.get("outcome").asText());
        assertEquals("recovered", work.get("result").asText());
        JsonNode check = work.get("children").get(0);
        assertEquals("threw", check.get("outcome").asText());
        assertFalse(check.has("result"));
        assertEquals("java.lang.IllegalStateException", check.get("exception").get("type").asText());
        assertEquals("closed", check.get("exception").get("message").asText());
        assertEquals("App.work", check.get("exception").get("caughtIn").asText());
        assertEquals(0, check.get("children").size());

        JsonNode load = main.get("children").get(1);
        assertTrue(load.get("args").isNull());
        assertTrue(load.get("enterLost").asBoolean());
        assertEquals("x", load.get("result").asText());

        JsonNode init = main.get("children").get(2);
        assertEquals("new Order", init.get("display").asText());
        assertEquals("<init>", init.get("method").asText());
        assertEquals("running", init.get("outcome").asText());
    }

    @Test
    void timingAddsStartAndDuration() throws Exception {
        JsonNode call = json(TextTreeRendererTest.fib4(), new JsonRenderer(CallFilter.NONE, true, false))
                .get("threads").get(0).get("calls").get(0);
        assertTrue(call.get("startNanos").asLong() > 0);
        assertEquals(17_000, call.get("durationNanos").asLong()); // 18 events, 1 µs apart
    }

    @Test
    void appliesFiltersButNeverFolds() throws Exception {
        TraceData trace = mainWithTwoFibs();
        JsonNode calls = json(trace, new JsonRenderer(TreeOptions.builder().exclude("com.acme.App").build()))
                .get("threads").get(0).get("calls");
        assertEquals(2, calls.size(), "main hidden, both fib(2) calls kept");
        assertEquals(List.of("fib(1)", "fib(0)"), names(calls.get(1).get("children")));

        JsonNode cut = json(trace, new JsonRenderer(CallFilter.builder().depth(2).build(), false, false))
                .get("threads").get(0).get("calls").get(0).get("children").get(0);
        assertEquals(2, cut.get("callsBelow").asLong());
        assertEquals(0, cut.get("children").size());

        JsonNode none = json(trace, new JsonRenderer(CallFilter.builder().thread("worker-*").build(), false, true));
        assertEquals(0, none.get("threads").size());
    }

    @Test
    void maxCallsMarksEachListItCutAndCountsTheRest() throws Exception {
        TraceData trace = mainWithTwoFibs(); // main, then fib(2) twice, each calling fib(1) and fib(0): 7 calls

        JsonNode root = json(trace, new JsonRenderer(CallFilter.NONE, false, false, 3));
        JsonNode thread = root.get("threads").get(0);
        assertFalse(thread.has("truncated"), "its one top-level call was written");
        JsonNode main = thread.get("calls").get(0);
        assertTrue(main.get("truncated").asBoolean());
        assertEquals(3, main.get("callsLeftOut").asLong(), "the second fib(2) and the two calls below it");
        JsonNode fib2 = main.get("children").get(0);
        assertEquals(List.of("fib(1)"), names(fib2.get("children")));
        assertTrue(fib2.get("truncated").asBoolean());
        assertEquals(1, fib2.get("callsLeftOut").asLong(), "fib(0)");
        JsonNode fib1 = fib2.get("children").get(0);
        assertFalse(fib1.has("truncated"), "a leaf lost nothing");
        assertFalse(fib1.has("callsLeftOut"));
        assertEquals(3, root.get("cut").get("maxCalls").asLong());
        assertEquals(4, root.get("cut").get("callsLeftOut").asLong());
        assertFalse(root.get("truncated").asBoolean(), "the recording itself is whole");

        JsonNode none = json(trace, new JsonRenderer(CallFilter.NONE, false, false, 0)).get("threads").get(0);
        assertEquals(0, none.get("calls").size());
        assertTrue(none.get("truncated").asBoolean());
        assertEquals(7, none.get("callsLeftOut").asLong());

        JsonNode all = json(trace, new JsonRenderer(CallFilter.NONE, false, false, 7));
        assertFalse(all.has("cut"));
        assertFalse(all.get("threads").get(0).get("calls").get(0).has("truncated"));
    }

    @Test
    void theDocumentedExampleIsWhatTheRendererWrites() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/json-schema.md"));
        int from = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(from, doc.indexOf("```", from));
        String json = Synthetic.json(documentedExample(), new JsonRenderer(CallFilter.NONE, true, true));
        assertEquals(example, json.replace(System.lineSeparator(), "\n"));
    }

    /** The recording of the schema's example: a parse error caught, a task forked, a checkpoint, a join. */
    static TraceData documentedExample() {
        Synthetic s = new Synthetic().clock(1_718_000_000_000_000_000L).command("com.acme.Shop apple")
                .method(1, "com.acme.Shop", "main", "([Ljava/lang/String;)V")
                .method(2, "com.acme.Shop", "parse", "(Ljava/lang/String;)I")
                .method(3, "com.acme.Shop", "priceOf", "(Ljava/lang/String;)I");
        s.thread(1, "main").enter(1, "[apple]")
                .enter(2, "x").exitThrowing(2, "java.lang.NumberFormatException", "For input string: \"x\"")
                .fork(9, 0, "supplyAsync", "java.util.concurrent.CompletableFuture.supplyAsync:2170",
                        "com.acme.Shop.main:12")
                .checkpoint("point", "submitted", 0);
        s.thread(21, "pool-1-thread-1").start(9).enter(3, "\"apple\"").exit(3, "15").end(9, "15");
        s.thread(1, "main").join(9, "join", true, "com.acme.Shop.main:14").exit(1, null);
        return s.inOrder();
    }

    @Test
    void tasksAreWrittenWhereTheyWereForkedAndListedAtTheEnd() throws Exception {
        JsonNode root = json(documentedExample(), new JsonRenderer(CallFilter.NONE, false, false));
        assertEquals(1, root.get("threads").size(), "the pool thread only ran the task, shown in main");
        JsonNode items = root.get("threads").get(0).get("calls").get(0).get("children");
        assertEquals(List.of("call", "fork", "checkpoint", "join"),
                List.of(items.get(0).get("type").asText(), items.get(1).get("type").asText(),
                        items.get(2).get("type").asText(), items.get(3).get("type").asText()));
        JsonNode fork = items.get(1);
        assertEquals(1, fork.get("task").asInt());
        assertEquals(9, fork.get("id").asLong());
        assertEquals("pool-1-thread-1", fork.get("runThread").asText());
        assertEquals(12, fork.get("forkSite").get("line").asInt());
        assertEquals("Shop.java", fork.get("forkSite").get("file").asText());
        assertEquals("priceOf", fork.get("children").get(0).get("method").asText());
        assertEquals(1, items.get(3).get("task").asInt());
        JsonNode listed = root.get("tasks").get(0);
        assertEquals(1, listed.get("task").asInt());
        assertFalse(listed.has("children"));
        assertEquals("Shop.main", listed.get("joins").get(0).get("call").asText());
    }

    /** main calling fib(2) twice. */
    private static TraceData mainWithTwoFibs() {
        Synthetic s = DemoMethods.definitions();
        Synthetic.Script t = s.thread(1, "main").enter(DemoMethods.MAIN, "[]");
        DemoMethods.fib(t, 2);
        DemoMethods.fib(t, 2);
        t.exit(DemoMethods.MAIN, null);
        return s.inOrder();
    }

    private static List<String> names(JsonNode calls) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : calls) {
            names.add(c.get("method").asText() + "(" + c.get("args").get(0).asText() + ")");
        }
        return names;
    }
}
