package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TraceData;

/** Rescuing the chunks a killed JVM left in its JFR repository folder. */
class SalvageTest {
    private static final long PID = 4242;

    @TempDir
    static Path fixtures;
    static List<byte[]> chunks;
    static byte[] whole;

    @TempDir
    Path temp;

    @BeforeAll
    static void splitFixture() throws IOException {
        whole = Files.readAllBytes(recordFib());
        chunks = new ArrayList<>();
        for (int at = 0; at < whole.length;) {
            int size = (int) ByteBuffer.wrap(whole, at + 8, 8).getLong();
            chunks.add(Arrays.copyOfRange(whole, at, at + size));
            at += size;
        }
        assertTrue(chunks.size() >= 2, "the fixture has several chunks");
    }

    private static Path recordFib() throws IOException {
        Path file = fixtures.resolve("fib.jfr");
        TestRecordings.fib(file, 4);
        return file;
    }

    private Path repository(byte[]... files) throws IOException {
        Path repository = temp.resolve("repository");
        Path dir = Files.createDirectories(repository.resolve("2026_11_21_10_00_00_" + PID));
        Files.createDirectories(repository.resolve("2026_11_21_10_00_00_" + (PID + 1))); // another JVM's
        for (int i = 0; i < files.length; i++) {
            // names that sort the other way round: the order must come from the chunk headers
            Files.write(dir.resolve("chunk-" + (files.length - i) + ".jfr"), files[i]);
        }
        return repository;
    }

    @Test
    void completeChunksAreJoinedInTheOrderTheyWereWritten() throws IOException {
        Path out = temp.resolve("out.jfr");
        Salvage.Result result = Salvage.rescue(repository(chunks.toArray(byte[][]::new)), PID, out);
        assertEquals(new Salvage.Result(chunks.size(), false, whole.length), result);
        assertArrayEquals(whole, Files.readAllBytes(out));
        TraceData trace = TraceReader.read(out);
        assertEquals(9, trace.callCount());
        assertFalse(trace.truncated());
    }

    @Test
    void theUnfinishedChunkAddsWhatWasFlushed() throws IOException {
        byte[] unfinished = concat(last(), new byte[] {1, 2, 3, 4, 5}); // bytes after the last flush
        unfinished[64] = 2; // still being written
        Path out = temp.resolve("out.jfr");
        Salvage.Result result = Salvage.rescue(repository(withLast(unfinished)), PID, out);
        assertEquals(new Salvage.Result(chunks.size(), true, whole.length), result);
        byte[] expected = whole.clone();
        expected[whole.length - last().length + 64] = 2; // the header is copied as it is
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertEquals(9, TraceReader.read(out).callCount());
    }

    @Test
    void aChunkWhoseHeaderWasBeingRewrittenIsLeftOut() throws IOException {
        byte[] updating = last().clone();
        updating[64] = (byte) 255;
        Path out = temp.resolve("out.jfr");
        Salvage.Result result = Salvage.rescue(repository(withLast(updating)), PID, out);
        assertEquals(chunks.size() - 1, result.chunks());
        assertArrayEquals(Arrays.copyOf(whole, whole.length - last().length), Files.readAllBytes(out));
    }

    @Test
    void anUnfinishedChunkThatDoesNotReadIsLeftOut() throws IOException {
        byte[] damaged = concat(last(), new byte[] {0});
        damaged[64] = 2;
        Arrays.fill(damaged, 68, damaged.length - 1, (byte) 0x7f); // its events and metadata are noise
        Path out = temp.resolve("out.jfr");
        Salvage.Result result = Salvage.rescue(repository(withLast(damaged)), PID, out);
        assertEquals(new Salvage.Result(chunks.size() - 1, false, whole.length - last().length), result);
        assertTrue(TraceReader.read(out).callCount() > 0);
    }

    @Test
    void nothingOnDiskYetRescuesNothing() throws IOException {
        byte[] fresh = Arrays.copyOf(chunks.get(0), 68); // a header whose size was never updated
        ByteBuffer.wrap(fresh).putLong(8, 0);
        Path out = temp.resolve("out.jfr");
        assertNull(Salvage.rescue(repository(fresh), PID, out));
        assertNull(Salvage.rescue(temp.resolve("no-repository"), PID, out));
        assertFalse(Files.exists(out));
    }

    private static byte[] last() {
        return chunks.get(chunks.size() - 1);
    }

    /** The fixture's chunks with the last one replaced. */
    private static byte[][] withLast(byte[] replacement) {
        byte[][] files = chunks.toArray(byte[][]::new);
        files[files.length - 1] = replacement;
        return files;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
