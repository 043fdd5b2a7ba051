package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.cli.CliTest.Run;

/** {@code flowtrace tasks} and {@code flowtrace dump}: reports, exit codes for CI, one-line errors. */
class TasksCliTest {
    @TempDir
    static Path dir;
    static Path clean;
    static Path troubled;

    @BeforeAll
    static void record() throws Exception {
        clean = dir.resolve("clean.jfr");
        TestRecordings.tasks(clean, false);
        troubled = dir.resolve("troubled.jfr");
        TestRecordings.tasks(troubled, true);
    }

    @Test
    void cleanRunExitsZero() {
        Run run = CliTest.run("tasks", clean.toString());
        assertEquals("", run.err());
        assertEquals("No problems: 2 tasks, 0 checkpoints.\n", run.out());
        assertEquals(0, run.code());
    }

    @Test
    void problemsExitOneWithTheirForks() {
        String main = Thread.currentThread().getName();
        Run run = CliTest.run("tasks", troubled.toString());
        assertEquals("", run.err());
        assertEquals(String.join("\n",
                "Still running when the recording ended:",
                "  task #2 submit on pool-1",
                "    in Shop.priceOf(\"kiwi\") … running",
                "    task #2 forked on " + main,
                "    in Shop.checkout(pool)",
                "Failed, and nobody waited for the outcome:",
                "  task #1 submit on pool-1 ✗ IllegalStateException: \"out of stock\"",
                "    task #1 forked on " + main,
                "    in Shop.checkout(pool)",
                "2 problems: 1 still running, 1 failed unobserved.",
                ""), run.out());
        assertEquals(1, run.code());
    }

    @Test
    void threadAndIncludeChooseTheProblemsReportedAndTheExitCode() {
        Run pool = CliTest.run("tasks", "--thread", "pool-*", "--exclude", "demo.Shop::checkout",
                troubled.toString());
        assertEquals(1, pool.code(), pool.err());
        assertTrue(pool.out().contains("  task #2 submit on pool-1\n    in Shop.priceOf(\"kiwi\") … running\n"
                + "    task #2 forked on "), pool.out());
        assertTrue(!pool.out().contains("in Shop.checkout"), "--exclude hides the call: " + pool.out());

        Run elsewhere = CliTest.run("tasks", "--include", "demo.Cart", troubled.toString());
        assertEquals("No problems: 2 tasks, 0 checkpoints; 2 problems outside the filters.\n", elsewhere.out());
        assertEquals("flowtrace tasks: warning: no traced method matches --include demo.Cart\n", elsewhere.err());
        assertEquals(0, elsewhere.code());

        Run nobody = CliTest.run("tasks", "--thread", "nobody", troubled.toString());
        assertEquals(2, nobody.code());
        assertTrue(nobody.err().startsWith("flowtrace tasks: no thread matches nobody (threads: "), nobody.err());
        Run bad = CliTest.run("tasks", "--include", "com..acme", troubled.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("flowtrace tasks: --include: "), bad.err());
    }

    @Test
    void treeShowsTheTasksWhereTheyWereForked() {
        Run run = CliTest.run("tree", "--color", "never", clean.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(String.join("\n",
                Thread.currentThread().getName(),
                "└─ Shop.checkout(pool) → 25",
                "   ├─ ⇢ task #1 submit on pool-1",
                "   │  └─ Shop.priceOf(\"apple\") → 15",
                "   ├─ ⇢ task #2 submit on pool-1",
                "   │  └─ Shop.priceOf(\"kiwi\") → 10",
                "   ├─ ⇠ joined task #1 (get)",
                "   └─ ⇠ joined task #2 (get)",
                ""), run.out());
    }

    @Test
    void unreadableInputExitsTwoWithOneLine() throws Exception {
        Run missing = CliTest.run("tasks", dir.resolve("nope.jfr").toString());
        assertEquals(2, missing.code());
        assertEquals("flowtrace tasks: no such file: " + dir.resolve("nope.jfr") + "\n", missing.err());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a recording");
        Run notJfr = CliTest.run("tasks", text.toString());
        assertEquals(2, notJfr.code());
        assertEquals("flowtrace tasks: not a JFR file: " + text + "\n", notJfr.err());
    }

    @Test
    void dumpOfAProcessThatDoesNotExist() {
        Run run = CliTest.run("dump", "999999999");
        assertEquals(2, run.code());
        assertEquals("flowtrace dump: no such process: 999999999\n", run.err());
    }

    @Test
    void dumpOfAJvmWithoutTheAgentSaysSo() {
        long self = ProcessHandle.current().pid();
        Run run = CliTest.run("dump", "-o", dir.resolve("self.jfr").toString(), Long.toString(self));
        assertEquals(1, run.code(), run.err());
        assertEquals("flowtrace dump: pid " + self + " has no FlowTrace recording (start it with: flowtrace "
                + "record -- java ...)\n", run.err());
        assertTrue(Files.notExists(dir.resolve("self.jfr")));
    }
}
