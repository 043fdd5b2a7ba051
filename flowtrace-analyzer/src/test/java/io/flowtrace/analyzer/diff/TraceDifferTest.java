package io.flowtrace.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/** What {@code flowtrace diff} finds and shows, on scripted traces. */
class TraceDifferTest {
    private static final int MAIN = 1;
    private static final int VALID = 2;
    private static final int FIB = 3;
    private static final int TASK = 4;
    private static final int LOG = 5;

    /** A trace of main() on thread "main" with the calls the script adds. */
    private static TraceData main(Consumer<Synthetic.Script> body) {
        Synthetic s = methods(new Synthetic());
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "String[0]");
        body.accept(main);
        main.exit(MAIN, null);
        return s.inOrder();
    }

    private static Synthetic methods(Synthetic s) {
        return s.method(MAIN, "demo.App", "main", "([Ljava/lang/String;)V")
                .method(VALID, "demo.App", "valid", "(I)Z")
                .method(FIB, "demo.App", "fib", "(I)I")
                .method(TASK, "demo.App", "task", "(Ljava/lang/Object;)I")
                .method(LOG, "demo.App", "log", "(Ljava/lang/String;)V");
    }

    private static void call(Synthetic.Script s, int method, String arg, String result) {
        s.enter(method, arg).exit(method, result);
    }

    private static DiffModel diff(TraceData a, TraceData b, DiffOptions options) {
        return new TraceDiffer(options).diff(a, b);
    }

    private static String text(DiffModel model) {
        StringWriter out = new StringWriter();
        try {
            new TextDiffRenderer(CallFilter.NONE, false, Long.MAX_VALUE).render(model, "a.jfr", "b.jfr", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Test
    void sameBehaviourHasNoDifferences() {
        TraceData a = main(m -> call(m, VALID, "1", "true"));
        TraceData b = main(m -> call(m, VALID, "1", "true"));
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertTrue(diff.isEmpty());
        assertEquals("no differences\n", text(diff));
    }

    @Test
    void changedResultIsOneChangedLine() {
        TraceData a = main(m -> {
            call(m, LOG, "\"start\"", null);
            call(m, VALID, "1", "true");
        });
        TraceData b = main(m -> {
            call(m, LOG, "\"start\"", null);
            call(m, VALID, "1", "false");
        });
        assertEquals(String.join("\n",
                "--- a.jfr",
                "+++ b.jfr",
                "  main",
                "  └─ App.main(String[0])",
                "     ├─ … 1 unchanged call",
                "~    └─ App.valid(1) → true ⇒ false",
                "",
                "1 call changed",
                ""), text(diff(a, b, DiffOptions.defaults())));
    }

    @Test
    void insertedCallIsAddedAndTheFollowingCallsStillMatch() {
        TraceData a = main(m -> {
            for (int i = 0; i < 5; i++) {
                call(m, VALID, String.valueOf(i), "true");
            }
        });
        TraceData b = main(m -> {
            call(m, VALID, "0", "true");
            call(m, LOG, "\"new\"", null);
            for (int i = 1; i < 5; i++) {
                call(m, VALID, String.valueOf(i), "true");
            }
        });
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertEquals(1, diff.added());
        assertEquals(0, diff.removed());
        assertEquals(0, diff.changed());
        assertTrue(text(diff).contains("+    ├─ App.log(\"new\")\n     └─ … 4 unchanged calls\n"), text(diff));
    }

    @Test
    void changedArgumentsAreMatchedByMethodAndPosition() {
        TraceData a = main(m -> call(m, FIB, "2", "1"));
        TraceData b = main(m -> call(m, FIB, "3", "2"));
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertEquals(1, diff.changed());
        assertTrue(text(diff).contains("~    └─ App.fib(2 ⇒ 3) → 1 ⇒ 2\n"), text(diff));
        assertTrue(diff(a, b, DiffOptions.builder().ignoreArgs(true).ignoreResults(true).build()).isEmpty());
    }

    @Test
    void foldedRepeatsShowTheirCounts() {
        TraceData a = main(m -> {
            for (int i = 0; i < 3; i++) {
                call(m, FIB, "1", "1");
            }
        });
        TraceData b = main(m -> {
            for (int i = 0; i < 5; i++) {
                call(m, FIB, "1", "1");
            }
        });
        String text = text(diff(a, b, DiffOptions.defaults()));
        assertTrue(text.contains("~    └─ App.fib(1) → 1 ×3 ⇒ ×5\n"), text);
    }

    @Test
    void newExceptionIsAChangedOutcome() {
        TraceData a = main(m -> call(m, VALID, "1", "true"));
        TraceData b = main(m -> m.enter(VALID, "1").exitThrowing(VALID, "java.lang.IllegalStateException", "no"));
        String text = text(diff(a, b, DiffOptions.defaults()));
        assertTrue(text.contains("~    └─ App.valid(1) → true ⇒ ✗ IllegalStateException: no\n"), text);
    }

    @Test
    void objectIdentitiesAreEqualUnlessStrict() {
        TraceData a = main(m -> call(m, TASK, "Order@1b6d3586", "1"));
        TraceData b = main(m -> call(m, TASK, "Order@4554617c", "1"));
        assertTrue(diff(a, b, DiffOptions.defaults()).isEmpty());
        DiffModel strict = diff(a, b, DiffOptions.builder().strictIdentities(true).build());
        assertEquals(1, strict.changed());
    }

    /** Tasks t0..t4 run on two pool workers; {@code split} of them on the first. */
    private static TraceData pool(int pool, int split) {
        Synthetic s = methods(new Synthetic());
        Synthetic.Script first = s.thread(10, "pool-" + pool + "-thread-1");
        Synthetic.Script second = s.thread(11, "pool-" + pool + "-thread-2");
        for (int t = 0; t < 5; t++) {
            Synthetic.Script worker = t < split ? first : second;
            worker.enter(TASK, "\"t" + t + "\"");
            call(worker, LOG, "\"t" + t + "\"", null);
            worker.exit(TASK, String.valueOf(t));
        }
        return s.inOrder();
    }

    @Test
    void poolWorkersAreComparedAsASetSoInterleavingAndNumberingDoNotCount() {
        DiffModel diff = diff(pool(1, 2), pool(3, 4), DiffOptions.defaults());
        assertTrue(diff.isEmpty(), text(diff));
        assertEquals("pool-#-thread-#", diff.groups().get(0).label());
    }

    @Test
    void newTaskOnAPoolIsAdded() {
        TraceData a = pool(1, 2);
        Synthetic s = methods(new Synthetic());
        Synthetic.Script w = s.thread(10, "pool-2-thread-1");
        for (int t = 0; t < 6; t++) {
            w.enter(TASK, "\"t" + t + "\"");
            call(w, LOG, "\"t" + t + "\"", null);
            w.exit(TASK, String.valueOf(t));
        }
        DiffModel diff = diff(a, s.inOrder(), DiffOptions.defaults());
        assertEquals(2, diff.added());
        assertTrue(text(diff).contains("+ └─ App.task(\"t5\") → 5\n+    └─ App.log(\"t5\")\n"), text(diff));
    }

    /**
     * main() forks one {@code submit} task per name, all from the same call; the tasks run on {@code workers}
     * threads named {@code prefix1, prefix2, ...}, taken in turn, in the order forked or the reverse. A task named
     * {@code x!} fails; one named {@code x+} takes 5 ms.
     */
    private static TraceData forks(String prefix, int workers, boolean reversed, String... names) {
        return forks("submit", prefix, workers, reversed, names);
    }

    private static TraceData forks(String kind, String prefix, int workers, boolean reversed, String... names) {
        Synthetic s = methods(new Synthetic());
        Synthetic.Script main = s.thread(1, "main").enter(MAIN, "String[0]");
        for (int i = 0; i < names.length; i++) {
            main.fork(100 + i, 0, kind, "demo.App.main:10");
        }
        Synthetic.Script[] threads = new Synthetic.Script[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = s.thread(10 + w, prefix + (w + 1));
        }
        for (int k = 0; k < names.length; k++) {
            int i = reversed ? names.length - 1 - k : k;
            Synthetic.Script t = threads[k % workers];
            String name = names[i].replaceAll("[!+]", "");
            t.start(100 + i).enter(TASK, "\"" + name + "\"");
            call(t, LOG, "\"" + name + "\"", null);
            if (names[i].endsWith("+")) {
                s.advance(5_000_000);
            }
            if (names[i].endsWith("!")) {
                t.exitThrowing(TASK, "java.lang.IllegalStateException", "boom")
                        .endThrowing(100 + i, "java.lang.IllegalStateException", "boom");
            } else {
                t.exit(TASK, "\"ok-" + name + "\"").end(100 + i, "\"ok-" + name + "\"");
            }
        }
        main.exit(MAIN, null);
        return s.inOrder();
    }

    @Test
    void tasksAreMatchedByForkSiteWhicheverThreadRanThemAndInWhateverInterleaving() {
        TraceData a = forks("pool-1-thread-", 2, false, "t0", "t1", "t2", "t3");
        TraceData b = forks("ForkJoinPool-1-worker-", 3, true, "t0", "t1", "t2", "t3");
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertTrue(diff.isEmpty(), text(diff));
        assertTrue(diff.groups().stream().noneMatch(g -> g.label().startsWith("pool")),
                "pool threads that only ran tasks shown at their forks have nothing of their own to compare");
    }

    @Test
    void newTaskIsAddedAtItsForkUnderTheCallThatForkedIt() {
        TraceData a = forks("pool-1-thread-", 2, false, "t0", "t1", "t2");
        TraceData b = forks("pool-1-thread-", 2, false, "t0", "new", "t1", "t2");
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertEquals(String.join("\n",
                "--- a.jfr",
                "+++ b.jfr",
                "  main",
                "  └─ App.main(String[0])",
                "     ├─ … 1 unchanged task",
                "+    ├─ ⇢ task submit → \"ok-new\"",
                "+    │  └─ App.task(\"new\") → \"ok-new\"",
                "+    │     └─ App.log(\"new\")",
                "     └─ … 2 unchanged tasks",
                "",
                "2 calls added; 1 task added",
                ""), text(diff), "the tasks after the new one still match, though they ran on other workers");
        assertEquals(1, diff.tasksAdded());
        DiffModel back = diff(b, a, DiffOptions.defaults());
        assertEquals("2 calls removed; 1 task removed", back.summary());
    }

    @Test
    void failedTaskIsAChangedTaskAtItsFork() {
        TraceData a = forks("pool-1-thread-", 2, false, "t0", "t1");
        TraceData b = forks("pool-1-thread-", 2, false, "t0", "t1!");
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertEquals(1, diff.tasksChanged());
        assertEquals(1, diff.changed(), "the task's call threw too");
        String text = text(diff);
        assertTrue(text.contains("~    └─ ⇢ task submit → \"ok-t1\" ⇒ ✗ IllegalStateException: boom\n"
                + "~       └─ App.task(\"t1\") → \"ok-t1\" ⇒ ✗ IllegalStateException: boom\n"), text);
        assertTrue(text.endsWith("\n1 call changed; 1 task changed\n"), text);
    }

    @Test
    void taskHandedOffAnotherWayIsOneChangedTask() {
        DiffModel diff = diff(forks("pool-1-thread-", 1, false, "t0"),
                forks("execute", "pool-1-thread-", 1, false, "t0"), DiffOptions.defaults());
        assertEquals("1 task changed", diff.summary());
        assertTrue(text(diff).contains("~    └─ ⇢ task submit ⇒ execute → \"ok-t0\"\n"), text(diff));
    }

    @Test
    void taskDurationsCountOnlyWithTiming() {
        TraceData a = forks("pool-1-thread-", 1, false, "t0");
        TraceData b = forks("pool-1-thread-", 1, false, "t0+");
        assertTrue(diff(a, b, DiffOptions.defaults()).isEmpty());
        DiffModel timed = diff(a, b, DiffOptions.builder().timingThreshold(1_000_000).build());
        assertEquals(1, timed.tasksChanged(), text(timed));
        assertTrue(text(timed).contains("~    └─ ⇢ task submit → \"ok-t0\"  ["), text(timed));
        assertTrue(text(timed).contains(" ⇒ 5.0"), text(timed));
    }

    @Test
    void threadOnlyInOneRecordingIsAddedOrRemoved() {
        TraceData a = main(m -> { });
        Synthetic s = methods(new Synthetic());
        s.thread(1, "main").enter(MAIN, "String[0]").exit(MAIN, null);
        call(s.thread(2, "audit"), LOG, "\"x\"", null);
        DiffModel diff = diff(a, s.inOrder(), DiffOptions.defaults());
        assertTrue(text(diff).contains("+ audit\n+ └─ App.log(\"x\")\n"), text(diff));
        DiffModel back = diff(s.inOrder(), a, DiffOptions.defaults());
        assertTrue(text(back).contains("- audit\n- └─ App.log(\"x\")\n"), text(back));
        assertEquals("1 call removed", back.summary());
    }

    @Test
    void timingCountsOnlyWhenAskedAndBeyondTheThreshold() {
        Synthetic fast = methods(new Synthetic());
        fast.thread(1, "main").enter(VALID, "1").exit(VALID, "true");
        Synthetic slow = methods(new Synthetic());
        Synthetic.Script s = slow.thread(1, "main").enter(VALID, "1");
        slow.advance(5_000_000);
        s.exit(VALID, "true");
        assertTrue(diff(fast.inOrder(), slow.inOrder(), DiffOptions.defaults()).isEmpty());
        assertTrue(diff(fast.inOrder(), slow.inOrder(), DiffOptions.builder().timingThreshold(10_000_000).build())
                .isEmpty());
        DiffModel timed = diff(fast.inOrder(), slow.inOrder(), DiffOptions.builder().timingThreshold(1_000_000)
                .build());
        assertTrue(text(timed).contains("~ └─ App.valid(1) → true  [1.00 µs ⇒ 5.00 ms]\n"), text(timed));
    }

    @Test
    void excludedCallsAreLeftOutAndTheirCalleesCompared() {
        TraceData a = main(m -> {
            m.enter(LOG, "\"x\"");
            call(m, VALID, "1", "true");
            m.exit(LOG, null);
        });
        TraceData b = main(m -> call(m, VALID, "1", "true"));
        DiffModel all = diff(a, b, DiffOptions.defaults());
        assertEquals(2, all.removed(), "log and the valid it made");
        assertEquals(1, all.added(), "valid, now made by main");
        DiffOptions noLog = DiffOptions.builder().filter(CallFilter.builder().exclude("demo.App::log").build())
                .build();
        assertTrue(diff(a, b, noLog).isEmpty());
    }

    @Test
    void deepRecursionIsComparedWithoutRecursion() {
        int depth = 50_000;
        TraceData a = recursion(depth, "0");
        TraceData b = recursion(depth, "1");
        DiffModel diff = diff(a, b, DiffOptions.defaults());
        assertEquals(1, diff.changed());
        DiffNode node = diff.groups().get(0).roots().get(0);
        int levels = 1;
        while (!node.children().isEmpty()) {
            node = node.children().get(0);
            levels++;
        }
        assertEquals(depth, levels, "context down to the changed innermost call");
        assertEquals(DiffNode.Status.CHANGED, node.status());
    }

    private static TraceData recursion(int depth, String innermost) {
        Synthetic s = methods(new Synthetic());
        Synthetic.Script t = s.thread(1, "main");
        for (int i = 0; i < depth; i++) {
            t.enter(FIB, String.valueOf(i));
        }
        for (int i = depth - 1; i >= 0; i--) {
            t.exit(FIB, i == depth - 1 ? innermost : "0");
        }
        return s.inOrder();
    }

    @Test
    void jsonHasTheSummaryAndEachChangeWithBothSides() throws IOException {
        TraceData a = main(m -> call(m, VALID, "1", "true"));
        TraceData b = main(m -> {
            call(m, VALID, "1", "false");
            call(m, LOG, "\"new\"", null);
        });
        StringWriter out = new StringWriter();
        new JsonDiffRenderer(CallFilter.NONE, false).render(diff(a, b, DiffOptions.defaults()), "a.jfr", "b.jfr",
                out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(2, json.get("diffVersion").asInt());
        assertEquals(false, json.get("same").asBoolean());
        assertEquals(1, json.get("summary").get("added").asInt());
        assertEquals(1, json.get("summary").get("changed").asInt());
        JsonNode main = json.get("groups").get(0).get("calls").get(0);
        assertEquals("context", main.get("status").asText());
        JsonNode valid = main.get("children").get(0);
        assertEquals("changed", valid.get("status").asText());
        assertEquals("result", valid.get("changes").get(0).asText());
        assertEquals("true", valid.get("a").get("result").asText());
        assertEquals("false", valid.get("b").get("result").asText());
        JsonNode log = main.get("children").get(1);
        assertEquals("added", log.get("status").asText());
        assertEquals("[\"\\\"new\\\"\"]", log.get("b").get("args").toString());
    }

    @Test
    void everyJsonFieldAndValueIsDocumented() throws IOException {
        Synthetic before = methods(new Synthetic());
        Synthetic.Script a = before.thread(1, "main").enter(MAIN, "String[0]").enter(FIB, "5");
        call(a, VALID, "1", "true");
        a.exit(FIB, "5");
        call(a, FIB, "1", "1");
        a.enter(TASK, "x").exitThrowing(TASK, "java.lang.IllegalStateException", "a");
        call(a, LOG, "\"gone\"", null);
        a.exit(MAIN, null);
        Synthetic after = methods(new Synthetic());
        Synthetic.Script b = after.thread(1, "main").enter(MAIN, "String[0]").enter(FIB, "5");
        call(b, VALID, "2", "false");
        b.exit(FIB, "5");
        call(b, FIB, "1", "1");
        call(b, FIB, "1", "1");
        b.enter(TASK, "x").exitThrowing(TASK, "java.lang.IllegalStateException", "b");
        after.advance(9_000_000);
        b.exit(MAIN, null);
        call(after.thread(2, "pool-1-thread-1"), LOG, "\"new\"", null);
        call(after.thread(3, "pool-1-thread-2"), LOG, "\"new\"", null);
        DiffModel diff = diff(before.inOrder(), after.inOrder(), DiffOptions.builder().timingThreshold(5_000_000).build());
        StringWriter out = new StringWriter();
        new JsonDiffRenderer(CallFilter.NONE, true).render(diff, "a.jfr", "b.jfr", out);
        StringWriter tasks = new StringWriter();
        new JsonDiffRenderer(CallFilter.NONE, true).render(diff(forks("pool-1-thread-", 1, false, "t0", "t1"),
                forks("pool-1-thread-", 1, false, "t0!", "t1", "t2"), DiffOptions.defaults()), "a.jfr", "b.jfr",
                tasks);
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/diff-json.md"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.Deque<JsonNode> nodes = new java.util.ArrayDeque<>(java.util.List.of(
                new ObjectMapper().readTree(out.toString()), new ObjectMapper().readTree(tasks.toString())));
        while (!nodes.isEmpty()) {
            JsonNode n = nodes.pop();
            n.fieldNames().forEachRemaining(names::add);
            n.elements().forEachRemaining(nodes::push);
            for (String valued : java.util.List.of("status", "kind", "outcome")) {
                if (n.has(valued)) {
                    names.add(n.get(valued).asText());
                }
            }
            if (n.has("status") && n.has("type")) { // a line's type; an exception's type is a class name
                names.add(n.get("type").asText());
            }
            if (n.has("changes")) {
                n.get("changes").forEach(c -> names.add(c.asText()));
            }
        }
        for (String name : java.util.List.of("durationNanos", "exception", "result", "context", "changed", "added",
                "removed", "same", "args", "count", "timing", "outcome", "threw", "fork", "task", "tasks", "value",
                "exception", "tasksAdded", "tasksChanged")) {
            assertTrue(names.contains(name), "the example diffs write " + name + ": " + out + tasks);
        }
        for (String name : names) {
            assertTrue(doc.contains("`" + name + "`"), "docs/diff-json.md does not document `" + name + "`");
        }
    }
}
