package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.analyzer.TraceReadException;
import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;

/**
 * Damaged recordings, made from the committed ones with a fixed seed (truncated at any byte, bits flipped, bytes
 * overwritten, two files spliced, random bytes), each end in a {@link TraceReadException} or in a
 * {@link TraceData} that renders, within a time limit: never another exception, never a hang.
 */
class DamagedRecordingFuzzTest {
    private static final long SEED = 0x5EED_F10EL;
    private static final int CASES = 500;
    /** Far above a healthy read of these small files (well under a second), far below the reader's watchdog. */
    private static final long CASE_SECONDS = 20;

    private static ExecutorService worker;
    private static List<byte[]> originals;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws IOException {
        worker = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fuzz-case");
            thread.setDaemon(true); // a case that hangs must not keep the test JVM alive
            return thread;
        });
        originals = new ArrayList<>();
        for (Example example : Example.all()) {
            originals.add(Files.readAllBytes(example.recording()));
        }
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void damagedRecordingsFailCleanlyOrReadTheirReadablePart() throws Exception {
        Random random = new Random(SEED);
        int read = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            Mutation mutation = Mutation.values()[i % Mutation.values().length];
            byte[] bytes = mutation.apply(random, originals);
            Path file = Files.write(temp.resolve("case-" + i + "-" + mutation.name().toLowerCase() + ".jfr"), bytes);
            String name = "case " + i + " (" + mutation + ", seed " + Long.toHexString(SEED) + ")";
            Future<Boolean> outcome = worker.submit(() -> readAndRender(file));
            try {
                if (outcome.get(CASE_SECONDS, TimeUnit.SECONDS)) {
                    read++;
                } else {
                    rejected++;
                }
            } catch (TimeoutException e) {
                outcome.cancel(true);
                fail(name + ": no answer within " + CASE_SECONDS + " s");
            } catch (ExecutionException e) {
                throw new AssertionError(name + ": " + e.getCause(), e.getCause());
            }
            Files.delete(file);
        }
        // the mutations must exercise both outcomes, or the test checks less than it claims
        assertTrue(read > CASES / 10, "readable cases: " + read);
        assertTrue(rejected > CASES / 10, "rejected cases: " + rejected);
    }

    /** True when the file was read (and rendered), false when it was rejected with a one-line message. */
    private static boolean readAndRender(Path file) throws IOException {
        TraceData trace;
        try {
            trace = TraceReader.read(file);
        } catch (TraceReadException e) {
            assertNotNull(e.getMessage());
            assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() == 1,
                    "one-line message: " + e.getMessage());
            return false;
        }
        TreeOptions options = TreeOptions.builder().build();
        new TextTreeRenderer(options).render(trace, new StringWriter());
        new JsonRenderer(options).render(trace, new StringWriter());
        return true;
    }

    private enum Mutation {
        TRUNCATE {
            @Override
            byte[] apply(Random random, List<byte[]> files) {
                byte[] file = pick(random, files);
                return Arrays.copyOf(file, 1 + random.nextInt(file.length - 1));
            }
        },
        FLIP_BITS {
            @Override
            byte[] apply(Random random, List<byte[]> files) {
                byte[] file = pick(random, files).clone();
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    int at = random.nextInt(file.length);
                    file[at] ^= (byte) (1 << random.nextInt(8));
                }
                return file;
            }
        },
        OVERWRITE {
            @Override
            byte[] apply(Random random, List<byte[]> files) {
                byte[] file = pick(random, files).clone();
                // also the chunk header, where sizes and offsets live
                int at = random.nextBoolean() ? random.nextInt(68) : random.nextInt(file.length);
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, file, at, Math.min(noise.length, file.length - at));
                return file;
            }
        },
        SPLICE {
            @Override
            byte[] apply(Random random, List<byte[]> files) {
                byte[] head = pick(random, files);
                byte[] tail = pick(random, files);
                int cut = random.nextInt(head.length);
                int from = random.nextInt(tail.length);
                byte[] spliced = Arrays.copyOf(head, cut + tail.length - from);
                System.arraycopy(tail, from, spliced, cut, tail.length - from);
                return spliced;
            }
        },
        RANDOM {
            @Override
            byte[] apply(Random random, List<byte[]> files) {
                byte[] bytes = new byte[1 + random.nextInt(4096)];
                random.nextBytes(bytes);
                if (random.nextBoolean() && bytes.length >= 8) { // past the magic check, into the parser
                    System.arraycopy(new byte[] {'F', 'L', 'R', 0, 0, 2, 0, 1}, 0, bytes, 0, 8);
                }
                return bytes;
            }
        };

        abstract byte[] apply(Random random, List<byte[]> files);

        static byte[] pick(Random random, List<byte[]> files) {
            return files.get(random.nextInt(files.size()));
        }
    }
}
