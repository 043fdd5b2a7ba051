package io.flowtrace.analyzer;

import static io.flowtrace.analyzer.JfrRecordingFixture.enter;
import static io.flowtrace.analyzer.JfrRecordingFixture.exit;
import static io.flowtrace.analyzer.JfrRecordingFixture.exitThrowing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.analyzer.TraceReadException.Reason;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.ChunkLayout;
import jdk.jfr.Recording;

/** Reading real JFR files written in this JVM, and files that are not quite recordings. */
class TraceReaderJfrTest {
    /** The recording shared by the tests: three threads over three chunks. */
    private static Path recording;
    private static String expectedTree;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static int fibId;
    private static int mainId;
    private static int parseId;

    static int fib(int n) {
        enter(fibId, String.valueOf(n));
        int r = n < 2 ? n : fib(n - 1) + fib(n - 2);
        exit(fibId, String.valueOf(r));
        return r;
    }

    static void inThread(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(() -> {
            JfrRecordingFixture.threadInfo(false);
            body.run();
        }, name);
        t.start();
        t.join();
    }

    @BeforeAll
    static void record() throws Exception {
        try (JfrRecordingFixture rec = new JfrRecordingFixture()) {
            rec.agentInfo("com.acme.Fib 3");
            fibId = rec.define("com.acme.Fib", "fib", "(I)I");
            mainId = rec.define("com.acme.Fib", "main", "([Ljava/lang/String;)V");
            parseId = rec.define("com.acme.Fib", "parse", "(Ljava/lang/String;)I");
            inThread("fib-main", () -> {
                enter(mainId, "[3]");
                enter(parseId, "x");
                exitThrowing(parseId, "java.lang.NumberFormatException", "For input string: \"x\"");
                fib(3);
                exit(mainId, null);
            });
            JfrRecordingFixture.rotateChunk();
            for (String definition : List.of("fib", "main", "parse")) { // the agent repeats them in every chunk
                int id = definition.equals("fib") ? fibId : definition.equals("main") ? mainId : parseId;
                rec.redefine(id, "com.acme.Fib", definition, "(I)I");
            }
            inThread("worker-1", () -> fib(2));
            JfrRecordingFixture.rotateChunk();
            inThread("worker-2", () -> fib(1));
            recording = rec.dump(shared.resolve("fib.jfr"));
        }
        expectedTree = """
                fib-main
                └─ Fib.main([3])
                   ├─ Fib.parse(x) ✗ NumberFormatException: For input string: "x"  (caught in Fib.main)
                   └─ Fib.fib(3) → 2
                      ├─ Fib.fib(2) → 1
                      │  ├─ Fib.fib(1) → 1
                      │  └─ Fib.fib(0) → 0
                      └─ Fib.fib(1) → 1

                worker-1
                └─ Fib.fib(2) → 1
                   ├─ Fib.fib(1) → 1
                   └─ Fib.fib(0) → 0

                worker-2
                └─ Fib.fib(1) → 1
                """;
    }

    private static ChunkLayout layout(Path file) throws IOException {
        try (var in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            return ChunkLayout.scan(in);
        }
    }

    @Test
    void readsThreadsAcrossChunks() throws Exception {
        assertTrue(layout(recording).chunkCount() >= 3, "the recording should have several chunks");
        TraceData trace = TraceReader.read(recording);
        assertTrue(trace.hasFlowTraceEvents());
        assertFalse(trace.truncated());
        assertEquals("com.acme.Fib 3", trace.command());
        assertEquals(expectedTree, Synthetic.text(trace));
        assertEquals(List.of(), trace.warnings());
        assertEquals(11, trace.callCount());
    }

    @Test
    void reportsProgressUpToOne() throws Exception {
        List<Double> seen = new ArrayList<>();
        TraceReader.read(recording, seen::add);
        assertFalse(seen.isEmpty());
        assertEquals(1.0, seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "progress went back: " + seen);
        }
    }

    @Test
    void readsTheCompleteChunksOfATruncatedFile() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        ChunkLayout layout = layout(recording);
        long firstChunk = layout.size(0);
        long lastChunkStart = layout.offset(layout.chunkCount() - 1);
        long[] cuts = {10, 67, 68, 200, firstChunk - 1, firstChunk + 1, firstChunk + 70,
                lastChunkStart + 5, (lastChunkStart + bytes.length) / 2, bytes.length - 1};
        for (long cut : cuts) {
            Path file = dir.resolve("cut-" + cut + ".jfr");
            Files.write(file, Arrays.copyOf(bytes, (int) cut));
            TraceData trace = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TraceReader.read(file),
                    "cut at " + cut);
            assertTrue(trace.truncated(), "cut at " + cut);
            long lost = cut - (cut >= lastChunkStart ? lastChunkStart : cut >= firstChunk ? firstChunk : 0);
            assertEquals("recording is truncated: the last " + lost + (lost == 1 ? " byte" : " bytes")
                    + " could not be read",
                    trace.warnings().get(0), "cut at " + cut);
            String text = Synthetic.text(trace);
            if (cut >= firstChunk) {
                assertTrue(text.startsWith(expectedTree.substring(0, expectedTree.indexOf("\nworker-1"))),
                        "cut at " + cut + ":\n" + text);
            } else {
                assertEquals("", text);
                assertFalse(trace.hasFlowTraceEvents());
            }
        }
    }

    @Test
    void readsGzippedRecordings() throws Exception {
        Path gz = dir.resolve("fib.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(recording, out);
        }
        assertEquals(expectedTree, Synthetic.text(TraceReader.read(gz)));
    }

    @Test
    void recordingWithoutFlowTraceEvents() throws Exception {
        Path file = dir.resolve("jdk-only.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ThreadSleep").withoutThreshold();
            r.start();
            Thread.sleep(5);
            r.stop();
            r.dump(file);
        }
        TraceData trace = TraceReader.read(file);
        assertFalse(trace.hasFlowTraceEvents());
        assertTrue(trace.isEmpty());
        assertEquals(List.of(), trace.threads());
    }

    @Test
    void rejectsWhatIsNotARecording() throws Exception {
        assertFailure(Reason.NOT_FOUND, "no such file: ", dir.resolve("missing.jfr"));
        assertFailure(Reason.NOT_A_FILE, "is a directory: ", dir);
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertFailure(Reason.EMPTY, "empty file: ", empty);
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        random[0] = 'X';
        assertFailure(Reason.NOT_JFR, "not a JFR file: ", Files.write(dir.resolve("random.jfr"), random));
        Path text = Files.writeString(dir.resolve("notes.txt"), "FLR");
        assertFailure(Reason.NOT_JFR, "not a JFR file: ", text);
        assertThrows(NullPointerException.class, () -> TraceReader.read(null));
    }

    @Test
    void rejectsUnsupportedVersions() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        bytes[5] = 9; // major version 9
        Path file = Files.write(dir.resolve("future.jfr"), bytes);
        TraceReadException e = assertThrows(TraceReadException.class, () -> TraceReader.read(file));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("corrupt recording: " + file + " (unsupported JFR format version 9."),
                e.getMessage());
    }

    @Test
    void damagedRecordingsFailCleanlyOrReadWithoutHanging() throws Exception {
        byte[] original = Files.readAllBytes(recording);
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            byte[] bytes = original.clone();
            int from = 68 + random.nextInt(bytes.length - 68);
            for (int i = 0; i < 1 + random.nextInt(16) && from + i < bytes.length; i++) {
                bytes[from + i] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("damaged-" + round + ".jfr"), bytes);
            String what = "damaged at " + from;
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try {
                    TraceReader.read(file);
                } catch (TraceReadException e) {
                    assertEquals(Reason.CORRUPT, e.reason(), what);
                    assertTrue(e.getMessage().startsWith("corrupt recording: " + file + " ("), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                }
            }, what);
        }
    }

    @Test
    void randomBytesBehindTheMagicDoNotHang() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            byte[] bytes = new byte[100 + random.nextInt(5000)];
            random.nextBytes(bytes);
            bytes[0] = 'F';
            bytes[1] = 'L';
            bytes[2] = 'R';
            bytes[3] = 0;
            bytes[4] = 0;
            bytes[5] = 2;
            Path file = Files.write(dir.resolve("noise-" + round + ".jfr"), bytes);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try {
                    TraceData trace = TraceReader.read(file);
                    assertTrue(trace.truncated());
                } catch (TraceReadException e) {
                    assertEquals(Reason.CORRUPT, e.reason());
                }
            });
        }
    }

    @Test
    void aParserThatStopsMakingProgressIsGivenUp() throws Exception {
        // The progress callback runs on the parser's thread: blocking it stalls the parser like a JMC loop would.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            TraceReadException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(TraceReadException.class, () -> TraceReader.read(recording, fraction -> {
                        try {
                            release.await();
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }, Duration.ofSeconds(1))));
            assertEquals(Reason.CORRUPT, e.reason());
            assertEquals("corrupt recording: " + recording + " (the parser stopped making progress)", e.getMessage());
        } finally {
            release.countDown();
        }
    }

    private static void assertFailure(Reason reason, String messageStart, Path path) {
        TraceReadException e = assertThrows(TraceReadException.class, () -> TraceReader.read(path));
        assertEquals(reason, e.reason());
        assertEquals(messageStart + path, e.getMessage());
    }
}
