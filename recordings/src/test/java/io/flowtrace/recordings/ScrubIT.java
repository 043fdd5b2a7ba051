package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowtrace scrub} on the committed recordings: the copy has the same call trees (methods, nesting,
 * outcomes, exception types, threads) with every argument, result and message shown as "…". Each scrub runs in
 * a JVM of its own, through the launcher, as users run it: JDK 17's JFR reuses string ids across recordings of
 * one JVM, so a second scrub in the same JVM could lose strings.
 */
class ScrubIT {
    /** Trees as deep as the recursions recorded (recordings/shapes: 3,000 levels), past Jackson's default limit. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build());
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> scrubbedCopyHasTheSameTreesWithoutValues() {
        return Example.all().stream().map(example -> DynamicTest.dynamicTest(example.name(), () -> {
            Path scrubbed = temp.resolve(example.name() + "-scrubbed.jfr");
            Golden.Output run = scrub(example.recording(), scrubbed);
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().startsWith("flowtrace scrub: "), run.err());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(scrubbed)));

            JsonNode expected = withoutValues(json(example.recording()));
            JsonNode actual = json(scrubbed);
            normalizeThreadIds(expected);
            normalizeThreadIds(actual);
            // the copy's threads are new: an unnamed virtual thread is named by its new id
            assertEquals(expected.toPrettyString().replaceAll("virtual #\\d+", "virtual #…"),
                    actual.toPrettyString().replaceAll("virtual #\\d+", "virtual #…"));
        }));
    }

    @Test
    void noValueOfTheOriginalIsLeftInTheFile() throws Exception {
        Example orders = Example.all().stream().filter(e -> e.name().equals("orders")).findFirst().orElseThrow();
        Path scrubbed = temp.resolve("orders-scrubbed.jfr");
        assertEquals(0, scrub(orders.recording(), scrubbed).code());
        byte[] original = Files.readAllBytes(orders.recording());
        byte[] copy = Files.readAllBytes(scrubbed);
        for (String value : List.of("durian", "first line", "mango")) {
            assertTrue(contains(original, value), "the original holds " + value);
            assertFalse(contains(copy, value), "the scrubbed copy holds " + value);
        }
    }

    @Test
    void compressedAndCutOffRecordingsAreScrubbedToo() throws Exception {
        Example fib = Example.all().stream().filter(e -> e.name().equals("fib")).findFirst().orElseThrow();
        Path gzip = temp.resolve("fib.jfr.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(fib.recording(), out);
        }
        Path fromGzip = temp.resolve("fib-from-gzip.jfr");
        assertEquals(0, scrub(gzip, fromGzip).code());
        JsonNode expected = withoutValues(json(fib.recording()));
        JsonNode actual = json(fromGzip);
        normalizeThreadIds(expected);
        normalizeThreadIds(actual);
        assertEquals(expected.toPrettyString(), actual.toPrettyString());

        // fib's chunk, then half of another: a file cut off while its second chunk was written
        byte[] first = Files.readAllBytes(fib.recording());
        byte[] second = Files.readAllBytes(Example.all().get(1).recording());
        byte[] both = Arrays.copyOf(first, first.length + second.length / 2);
        System.arraycopy(second, 0, both, first.length, second.length / 2);
        Path cut = Files.write(temp.resolve("cut.jfr"), both);
        Path fromCut = temp.resolve("fib-from-cut.jfr");
        Golden.Output run = scrub(cut, fromCut);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().startsWith("flowtrace scrub: warning: recording is truncated"), run.err());
        JsonNode fromCutTrees = json(fromCut);
        normalizeThreadIds(fromCutTrees);
        assertEquals(expected.get("threads").toPrettyString(), fromCutTrees.get("threads").toPrettyString());
    }

    @Test
    void refusesToOverwriteItsInput() throws Exception {
        Path copy = Files.copy(Example.all().get(0).recording(), temp.resolve("in.jfr"));
        Golden.Output run = Golden.cli(List.of("scrub", copy.toString(), "-o", copy.toString()));
        assertEquals(2, run.code());
        assertEquals("flowtrace scrub: output is the input: " + copy + " (name another file with -o)\n", run.err());
    }

    private static Golden.Output scrub(Path in, Path out) throws Exception {
        Process process = new ProcessBuilder(ROOT.resolve("flowtrace").toString(), "scrub", in.toString(), "-o",
                out.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return new Golden.Output(process.exitValue(), "", err);
    }

    private static JsonNode json(Path recording) throws Exception {
        // 200 levels: deeper recursions (recordings/shapes) would overflow the stack of Jackson's tree model
        Golden.Output tree = Golden.tree(recording, List.of("--format", "json", "--full", "--depth", "200"));
        assertEquals(0, tree.code(), tree.err());
        return JSON.readTree(tree.out());
    }

    /** The JSON of the original with what scrub removes replaced as scrub does. */
    private static JsonNode withoutValues(JsonNode root) {
        ObjectNode copy = root.deepCopy();
        if (copy.hasNonNull("command")) {
            String command = copy.get("command").asText();
            copy.put("command", command.contains(" ") ? command.substring(0, command.indexOf(' ')) + " …"
                    : command);
        }
        copy.get("threads").forEach(thread -> thread.get("calls").forEach(ScrubIT::scrubCall));
        copy.get("tasks").forEach(ScrubIT::scrubTask);
        return copy;
    }

    /**
     * A fork item or task: its task object, result and message are values; its fork and join sites come from the
     * stack traces of the original events, which a copy committed in another JVM cannot have.
     */
    private static void scrubTask(JsonNode node) {
        ObjectNode task = (ObjectNode) node;
        if (task.hasNonNull("taskObject")) {
            task.put("taskObject", "…");
        }
        if (task.hasNonNull("result")) {
            task.put("result", "…");
        }
        if (task.hasNonNull("exception") && task.get("exception").hasNonNull("message")) {
            ((ObjectNode) task.get("exception")).put("message", "…");
        }
        task.putNull("forkSite");
        task.remove("forkCaller"); // found on the fork's stack, which scrub drops with the sites
        task.get("joins").forEach(join -> ((ObjectNode) join).putNull("site"));
    }

    /** An item of schema 2: a call, a fork (with the task's calls as children), a join or a checkpoint. */
    private static void scrubCall(JsonNode node) {
        ObjectNode call = (ObjectNode) node;
        String type = call.path("type").asText();
        if (type.equals("join") || type.equals("checkpoint")) {
            return;
        }
        if (type.equals("fork")) {
            scrubTask(call);
        }
        if (call.has("args") && call.get("args").isArray()) {
            ArrayNode args = (ArrayNode) call.get("args");
            for (int i = 0; i < args.size(); i++) {
                args.set(i, "…");
            }
        }
        if (call.hasNonNull("result")) {
            call.put("result", "…");
        }
        if (call.hasNonNull("exception") && call.get("exception").hasNonNull("message")) {
            ((ObjectNode) call.get("exception")).put("message", "…");
        }
        call.get("children").forEach(ScrubIT::scrubCall);
    }

    private static void normalizeThreadIds(JsonNode root) {
        root.get("threads").forEach(thread -> ((ObjectNode) thread).put("javaThreadId", 0));
    }

    private static boolean contains(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
