package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flowtrace.cli.CliTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowtrace diff} as a user (or a CI job) sees it: output and exit codes 0, 1 and 2. */
class DiffCommandTest {
    @TempDir
    static Path dir;
    static Path fib4;
    static Path fib4again;
    static Path fib3;

    static Run run(String... args) {
        return CliTest.run(args);
    }

    @BeforeAll
    static void record() throws IOException {
        fib4 = dir.resolve("fib4.jfr");
        fib4again = dir.resolve("fib4-again.jfr");
        fib3 = dir.resolve("fib3.jfr");
        TestRecordings.fib(fib4, 4);
        TestRecordings.fib(fib4again, 4);
        TestRecordings.fib(fib3, 3);
    }

    @Test
    void sameBehaviourExits0() {
        Run run = run("diff", fib4.toString(), fib4again.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("no differences\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void differencesExit1WithAUnifiedTreeAndASummary() {
        Run run = run("diff", "--color", "never", fib3.toString(), fib4.toString());
        assertEquals(1, run.code(), run.err());
        String thread = Thread.currentThread().getName();
        assertEquals(String.join("\n",
                "--- " + fib3,
                "+++ " + fib4,
                "  " + thread,
                "~ └─ Fib.fib(3 ⇒ 4) → 2 ⇒ 3",
                "+    ├─ Fib.fib(3) → 2",
                "+    │  ├─ Fib.fib(2) → 1",
                "+    │  │  ├─ Fib.fib(1) → 1",
                "+    │  │  └─ Fib.fib(0) → 0",
                "+    │  └─ Fib.fib(1) → 1",
                "     ├─ … 1 unchanged call",
                "-    └─ Fib.fib(1) → 1",
                "",
                "5 calls added, 1 removed, 1 changed",
                ""), run.out());
    }

    @Test
    void ignoringArgsAndResultsLeavesOnlyTheShapeOfTheTree() {
        Run run = run("diff", "--color", "never", "--ignore-args", "--ignore-results", fib3.toString(),
                fib4.toString());
        assertEquals(1, run.code());
        assertTrue(run.out().endsWith("\n4 calls added\n"), run.out()); // fib(3) has 5 calls, fib(4) 9
    }

    @Test
    void jsonSaysWhetherTheRunsAreTheSame() {
        Run same = run("diff", "--format", "json", fib4.toString(), fib4again.toString());
        assertEquals(0, same.code());
        assertTrue(same.out().contains("\"same\" : true"), same.out());
        Run differ = run("diff", "--format", "json", fib3.toString(), fib4.toString());
        assertEquals(1, differ.code());
        assertTrue(differ.out().contains("\"added\" : 5"), differ.out());
    }

    @Test
    void missingRecordingExits2WithOneLine() {
        Path missing = dir.resolve("nope.jfr");
        Run run = run("diff", fib4.toString(), missing.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace diff: no such file: " + missing + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void notARecordingExits2() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a recording\n");
        Run run = run("diff", text.toString(), fib4.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace diff: not a JFR file: " + text + "\n", run.err());
    }

    @Test
    void oneRecordingIsBadUsage() {
        Run run = run("diff", fib4.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("flowtrace diff: missing required parameter: 'B'"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void badTimingThresholdExits2() {
        Run run = run("diff", "--timing", "fast", fib4.toString(), fib3.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace diff: --timing takes a duration such as 5ms, 200us or 1.5s, not 'fast'\n",
                run.err());
    }

    @Test
    void timingWithinTheThresholdIsNoDifference() {
        Run run = run("diff", "--timing", "10s", fib4.toString(), fib4again.toString());
        assertEquals(0, run.code(), run.out());
    }

    @Test
    void badPatternExits2() {
        Run run = run("diff", "--exclude", "com..acme", fib4.toString(), fib3.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("flowtrace diff: --exclude: invalid pattern 'com..acme'"), run.err());
    }

    @Test
    void threadThatNeitherRecordingHasExits2() {
        Run run = run("diff", "--thread", "nobody", fib4.toString(), fib3.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace diff: no thread matches nobody in either recording\n", run.err());
    }

    @Test
    void helpEndsWithExamples() {
        Run run = run("diff", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("Usage: flowtrace diff"), run.out());
        String examples = run.out().substring(run.out().lastIndexOf("Examples:"));
        assertTrue(examples.lines().skip(1).filter(l -> l.startsWith("  flowtrace diff")).count() >= 3, run.out());
    }

    @Test
    void longDiffsAreCutUnlessFullButTheSummaryCountsEverything() throws IOException {
        Path fib16 = dir.resolve("fib16.jfr");
        TestRecordings.fib(fib16, 16); // 3193 calls
        Run cut = run("diff", "--color", "never", fib3.toString(), fib16.toString());
        assertEquals(1, cut.code(), cut.err());
        assertTrue(cut.out().contains("\n… more differences not shown (use --full)\n"), cut.out());
        assertTrue(cut.out().endsWith("\n3188 calls added, 5 changed\n"), cut.out());
        Run full = run("diff", "--color", "never", "--full", fib3.toString(), fib16.toString());
        assertEquals(1, full.code());
        assertTrue(full.out().endsWith("\n3188 calls added, 5 changed\n"), full.out());
        assertEquals(2000, cut.out().lines().filter(l -> l.matches("[-+~ ] [ │├└].*")).count());
        assertEquals(3188, full.out().lines().filter(l -> l.startsWith("+ ")).count(), "one line per added call");
        assertEquals(5, full.out().lines().filter(l -> l.startsWith("~ ")).count());
    }

    @Test
    void colorOnlyWhenAsked() {
        Run plain = run("diff", "--color", "never", fib3.toString(), fib4.toString());
        assertTrue(!plain.out().contains("\u001B["), plain.out());
        Run colored = run("diff", "--color", "always", fib3.toString(), fib4.toString());
        assertTrue(colored.out().contains("\u001B[32m+    ├─ Fib.fib(3) → 2\u001B[0m"), colored.out());
        assertEquals(plain.out(), colored.out().replaceAll("\u001B\\[\\d+m", ""));
    }
}
