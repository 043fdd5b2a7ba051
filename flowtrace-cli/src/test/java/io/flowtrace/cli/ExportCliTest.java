package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code flowtrace export}: where it writes, what it says, and one-line errors with their exit codes. */
class ExportCliTest {
    @TempDir
    static Path dir;
    static Path fib;
    static Path tasks;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void record() throws Exception {
        fib = dir.resolve("fib.jfr");
        TestRecordings.fib(fib, 4);
        tasks = dir.resolve("tasks.jfr");
        TestRecordings.tasks(tasks, true);
    }

    @Test
    void writesBesideTheRecordingAndSaysWhere() throws IOException {
        Run run = run("export", fib.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out());
        Path json = dir.resolve("fib.json");
        assertEquals("flowtrace export: 9 calls, 0 task runs, 0 arrows on 1 thread → " + json
                + " (open it in https://ui.perfetto.dev)\n", run.err());
        List<JsonNode> calls = calls(Files.readString(json));
        assertEquals(9, calls.size());
        JsonNode top = calls.get(0);
        assertEquals("Fib.fib(4)", top.get("name").asText());
        assertEquals("4", top.get("args").get("arguments").get("n").asText());
        assertEquals("3", top.get("args").get("result").asText());
        assertEquals("demo.Fib", top.get("args").get("class").asText());
        assertFalse(top.get("args").has("outcome"), "returned, as most calls");
    }

    @Test
    void dashWritesToStandardOutput() throws IOException {
        Run run = run("export", "-o", "-", "--include", "demo.Fib::fib", fib.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertEquals(9, calls(run.out()).size());
    }

    @Test
    void filtersThatMatchNoCallSaySo() throws IOException {
        Run run = run("export", "-o", "-", "--include", "demo.Fib::fibonacci", fib.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("flowtrace export: no calls match the filters\n", run.err());
        assertEquals(0, calls(run.out()).size());
    }

    @Test
    void failedAndRunningTasksAreSlicesWithTheirOutcome() throws IOException {
        Run run = run("export", "-o", "-", tasks.toString());
        assertEquals(0, run.code(), run.err());
        List<String> runs = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).get("traceEvents").forEach(e -> {
            if (e.path("cat").asText().equals("task")) {
                runs.add(e.get("name").asText() + ": " + e.get("args").get("outcome").asText());
            }
        });
        assertEquals(List.of("task #1 submit: exception", "task #2 submit: running at the end of the recording"),
                runs);
        JsonNode failed = calls(run.out()).stream().filter(c -> c.get("args").has("exception")).findFirst()
                .orElseThrow();
        assertEquals("java.lang.IllegalStateException: \"out of stock\"", failed.get("args").get("exception")
                .asText());
    }

    @Test
    void unwritableOutputExitsOneWithOneLine() {
        Path missing = dir.resolve("no/such/dir/out.json");
        Run run = run("export", "-o", missing.toString(), fib.toString());
        assertEquals(1, run.code());
        assertEquals("flowtrace export: cannot write " + missing + " (no such directory)\n", run.err());
    }

    @Test
    void badUsageAndUnreadableInputExitTwoWithOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "not a recording");
        Path nope = dir.resolve("nope.jfr");
        assertError(run("export", nope.toString()), "flowtrace export: no such file: " + nope);
        assertError(run("export", text.toString()), "flowtrace export: not a JFR file: " + text);
        assertError(run("export", "--max-calls", "0", fib.toString()),
                "flowtrace export: --max-calls must be at least 1, not 0");
        assertError(run("export", "--include", "com..acme", fib.toString()),
                "flowtrace export: --include: ");
        assertError(run("export", "--thread", "nobody", fib.toString()),
                "flowtrace export: no thread matches nobody (threads: " + Thread.currentThread().getName() + ")");
        assertError(run("export", "--format", "svg", fib.toString()), "flowtrace export: invalid value for option "
                + "'--format': expected one of [chrome] (case-insensitive) but was 'svg'");
        assertError(run("export", "-o", dir.toString(), fib.toString()),
                "flowtrace export: output is a directory: " + dir);
        assertError(run("export", "-o", fib.toString(), fib.toString()),
                "flowtrace export: output is the recording itself: " + fib);
        assertFalse(Files.exists(dir.resolve("notes.json")));
    }

    private static void assertError(Run run, String start) {
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith(start), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out());
    }

    private static List<JsonNode> calls(String json) throws IOException {
        List<JsonNode> calls = new ArrayList<>();
        new ObjectMapper().readTree(json).get("traceEvents").forEach(e -> {
            if (e.path("cat").asText().equals("call")) {
                calls.add(e);
            }
        });
        return calls;
    }
}
