package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user sees from the command line: output, one-line errors and exit codes. */
class CliTest {
    @TempDir
    static Path dir;
    static Path fib;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void recordFib() throws IOException {
        fib = dir.resolve("fib.jfr");
        TestRecordings.fib(fib, 4);
    }

    @Test
    void treeShowsTheCallTree() {
        Run run = run("tree", "--color", "never", fib.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        String expected = String.join("\n",
                Thread.currentThread().getName(),
                "└─ Fib.fib(4) → 3",
                "   ├─ Fib.fib(3) → 2",
                "   │  ├─ Fib.fib(2) → 1",
                "   │  │  ├─ Fib.fib(1) → 1",
                "   │  │  └─ Fib.fib(0) → 0",
                "   │  └─ Fib.fib(1) → 1",
                "   └─ Fib.fib(2) → 1",
                "      ├─ Fib.fib(1) → 1",
                "      └─ Fib.fib(0) → 0",
                "");
        assertEquals(expected, run.out());
    }

    @Test
    void missingFile() {
        Run run = run("tree", dir.resolve("nope.jfr").toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: no such file: " + dir.resolve("nope.jfr") + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void directory() {
        Run run = run("tree", dir.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: is a directory: " + dir + "\n", run.err());
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        Run run = run("tree", empty.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: empty file: " + empty + "\n", run.err());
    }

    @Test
    void notJfr() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, not a recording\n");
        Run run = run("tree", text.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: not a JFR file: " + text + "\n", run.err());
    }

    @Test
    void jfrWithoutFlowTraceEvents() throws IOException {
        Path other = dir.resolve("jdk-only.jfr");
        TestRecordings.withoutFlowTrace(other);
        Run run = run("tree", other.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: no FlowTrace events in " + other
                + " (make a recording with: flowtrace record -- java ...)\n", run.err());
    }

    @Test
    void truncatedRecordingShowsWhatCouldBeReadAndSaysSo() throws IOException {
        byte[] whole = Files.readAllBytes(fib);
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Arrays.copyOf(whole, secondChunk(whole) + 200)); // cut inside the second chunk
        Run run = run("tree", "--color", "never", cut.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().startsWith("flowtrace tree: warning: recording is truncated"), run.err());
        assertTrue(run.out().contains("└─ Fib.fib(4)"), run.out());
        assertTrue(run.out().contains("└─ Fib.fib(4) … running"), run.out()); // its exit is in the lost chunk
        assertFalse(run.out().contains("└─ Fib.fib(2)"), run.out()); // and so is the call of fib(2)
    }

    @ParameterizedTest
    @ValueSource(strings = {"tree", "tasks", "diff"})
    void recordingCutInsideItsOnlyChunkSaysSo(String command) throws IOException {
        Path single = dir.resolve("single-chunk.jfr");
        TestRecordings.withoutFlowTrace(single); // one chunk; FlowTrace events or not, a cut loses all of it
        byte[] whole = Files.readAllBytes(single);
        Path cut = dir.resolve("half-" + command + ".jfr");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Run run = command.equals("diff") ? run("diff", fib.toString(), cut.toString()) : run(command, cut.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals("flowtrace " + command + ": recording truncated before its first complete chunk: " + cut + "\n",
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void recordingWithTheFirstChunkOfTwoCutSaysSo() throws IOException {
        byte[] whole = Files.readAllBytes(fib);
        Path cut = dir.resolve("first-chunk-cut.jfr");
        Files.write(cut, Arrays.copyOf(whole, secondChunk(whole) - 100));
        Run run = run("tree", cut.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals("flowtrace tree: recording truncated before its first complete chunk: " + cut + "\n", run.err());
    }

    /**
     * Where the second chunk starts: the first chunk's size, from its header. (Scanning for the magic "FLR\0" is
     * wrong: those four bytes also occur inside a chunk, sometimes well before its end.)
     */
    private static int secondChunk(byte[] recording) {
        long size = ByteBuffer.wrap(recording).getLong(8); // chunk header: magic, version, then the chunk's size
        if (size >= recording.length) {
            throw new AssertionError("the fixture has a single chunk");
        }
        return Math.toIntExact(size);
    }

    @Test
    void noStackTraceUnlessAsked() {
        Run run = run("tree", "--depth", "many", fib.toString());
        assertEquals(2, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("flowtrace tree: "), run.err());
    }

    @Test
    void scrubOfAFileThatIsNotARecordingIsOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes-for-scrub.txt"), "not a recording\n");
        Run run = run("scrub", text.toString(), "-o", dir.resolve("out.jfr").toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace scrub: not a JFR file: " + text + "\n", run.err());
        assertFalse(Files.exists(dir.resolve("out.jfr")));
    }

    @Test
    void scrubHidesTheValuesInsideCallBatchesAndKeepsTheirThread() throws Exception {
        Path batched = TestRecordings.batchedCheckout(dir.resolve("batched.jfr"));
        Run original = run("tree", "--color", "never", batched.toString());
        assertEquals("""
                shop-1
                └─ Shop.checkout("kiwi", 3) → -1
                   └─ Shop.priceOf("kiwi") ✗ NoSuchElementException: no price for "kiwi"  (caught in Shop.checkout)
                """, original.out(), original.err());

        Path scrubbed = dir.resolve("batched-scrubbed.jfr");
        assertEquals(0, run("scrub", batched.toString(), "-o", scrubbed.toString()).code());
        Run copy = run("tree", "--color", "never", scrubbed.toString());

        assertEquals("""
                shop-1
                └─ Shop.checkout(…, …)
                   └─ Shop.priceOf(…) ✗ NoSuchElementException: …  (caught in Shop.checkout)
                """, copy.out(), copy.err());
        assertFalse(Files.readString(scrubbed, StandardCharsets.ISO_8859_1).contains("kiwi"));
    }

    @Test
    void recordRejectsSecretWordsThatAreNoNames() {
        Run run = run("record", "--secrets", "pin,a b", "--", "true");
        assertEquals(2, run.code());
        assertEquals("flowtrace record: --secrets: not a parameter-name word: 'a b'\n", run.err());
    }

    @Test
    void recordHelpSaysThatIncludeReplacesTheDefaultSelection() {
        String help = run("record", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--include=PATTERN Trace these classes or methods instead of the application's own "
                + "classes"), help);
    }

    @Test
    void recordWithoutCommand() {
        Run run = run("record");
        assertEquals(2, run.code());
        assertEquals("flowtrace record: no command given (usage: flowtrace record [options] -- <command...>)\n",
                run.err());
    }

    @Test
    void recordCommandThatDoesNotExist() {
        Run run = run("record", "--agent", fib.toString(), "-o", dir.resolve("x.jfr").toString(), "--",
                "no-such-program-flowtrace");
        assertEquals(2, run.code());
        assertEquals("flowtrace record: command not found: no-such-program-flowtrace\n", run.err());
        assertFalse(Files.exists(dir.resolve("x.jfr")));
    }

    @Test
    void recordCountsTheClassesThatCouldNotBeInstrumentedInItsSummary() {
        // a command that does what the agent of one JVM does: leave a recording and its sidecar in the session
        String jvm = "s=${JAVA_TOOL_OPTIONS##*=@}; s=${s%/agent.properties}; "
                + "printf 'status=exited\\ninstrumentedMethods=3\\ntracedCalls=10\\ninstrumentationErrors=21\\n' "
                + "> \"$s/$$.properties\"; printf x > \"$s/$$.jfr\"";
        Path out = dir.resolve("counted.jfr");
        Run run = run("record", "--agent", fib.toString(), "-o", out.toString(), "--", "sh", "-c", jvm);
        assertEquals(0, run.code(), run.err());
        assertEquals("flowtrace: recorded 10 calls → " + out + " (3 methods instrumented, 21 classes could not be)\n",
                run.err());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void recordRejectsBadPatternsBeforeRunningAnything() {
        Run run = run("record", "--include", "com..acme", "--", "true");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("flowtrace record: --include: invalid pattern 'com..acme'"), run.err());
    }

    @Test
    void unknownOption() {
        Run run = run("tree", "--frobnicate", fib.toString());
        assertEquals(2, run.code());
        assertEquals("flowtrace tree: unknown option: '--frobnicate' (see 'flowtrace tree --help')\n", run.err());
    }

    @Test
    void rootWithoutCommandPrintsUsage() {
        Run run = run();
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Usage: flowtrace"), run.err());
        assertTrue(run.err().contains("record"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"record", "tree", "tasks", "dump", "scrub"})
    void helpOfEachCommandEndsWithExamples(String command) {
        Run run = run(command, "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("Usage: flowtrace " + command), run.out());
        String examples = run.out().substring(run.out().lastIndexOf("Examples:"));
        assertTrue(examples.lines().skip(1).filter(l -> l.startsWith("  flowtrace " + command)).count() >= 2,
                run.out());
    }

    @Test
    void jsonIsOneLineUnlessPrettyAndHonoursMaxCallsWithTruncatedMarks() {
        Run compact = run("tree", "--format", "json", fib.toString());
        assertEquals(0, compact.code(), compact.err());
        assertEquals(1, compact.out().lines().count(), "one line when not on a terminal");
        assertFalse(compact.out().contains("\"cut\""), compact.out());
        Run pretty = run("tree", "--format", "json", "--pretty", fib.toString());
        assertTrue(pretty.out().lines().count() > 50, pretty.out());
        assertTrue(pretty.out().startsWith("{\n  \"schemaVersion\" : 2,"), pretty.out());
        Run cut = run("tree", "--format", "json", "--max-calls", "3", fib.toString());
        assertEquals(3, cut.out().split("\"display\"", -1).length - 1, cut.out());
        assertTrue(cut.out().endsWith(",\"cut\":{\"maxCalls\":3,\"callsLeftOut\":6}}"), cut.out());
        assertTrue(cut.out().contains("\"truncated\":true,\"callsLeftOut\":"), cut.out());
    }
}
