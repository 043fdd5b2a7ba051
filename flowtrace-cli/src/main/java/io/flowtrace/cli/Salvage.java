package io.flowtrace.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.flowtrace.analyzer.TraceReadException;
import io.flowtrace.analyzer.TraceReader;

/**
 * Rescues the recording of a JVM that died without writing it (SIGKILL, a crash): JFR keeps its chunks in a
 * repository folder ({@code <timestamp>_<pid>}) while it records, finishing a chunk every 12 MB and updating
 * the header of the current one at each flush (about once a second), so the chunks on disk are readable up to
 * the last flush. They are concatenated, oldest first, into one recording; what came after the last flush is
 * lost.
 */
final class Salvage {
    private static final int HEADER_SIZE = 68;
    private static final byte UPDATING_HEADER = (byte) 255;

    private Salvage() {
    }

    /** What was rescued: chunks, whether one of them is the flushed part of an unfinished chunk, and size. */
    record Result(int chunks, boolean partialChunk, long bytes) {
    }

    /**
     * Writes the readable chunks that the JVM {@code pid} left in {@code repository} into {@code target}
     * (readable by its owner only).
     *
     * @return what was written, or null when nothing readable was left
     */
    static Result rescue(Path repository, long pid, Path target) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        for (Path dir : children(repository)) {
            if (Files.isDirectory(dir) && dir.getFileName().toString().endsWith("_" + pid)) {
                for (Path file : children(dir)) {
                    if (file.getFileName().toString().endsWith(".jfr")) {
                        Chunk chunk = Chunk.read(file);
                        if (chunk != null) {
                            chunks.add(chunk);
                        }
                    }
                }
            }
        }
        chunks.sort(Comparator.comparingLong(Chunk::startNanos));
        // an unfinished chunk (normally just the newest) is kept only if its flushed part reads on its own
        boolean partial = false;
        for (var it = chunks.iterator(); it.hasNext();) {
            Chunk chunk = it.next();
            if (!chunk.complete()) {
                if (readable(chunk, repository)) {
                    partial = true;
                } else {
                    it.remove();
                }
            }
        }
        if (chunks.isEmpty()) {
            return null;
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long bytes = write(chunks, target);
        return new Result(chunks.size(), partial, bytes);
    }

    /** Whether the chunk reads on its own; tried in a file beside the chunks, in the private session folder. */
    private static boolean readable(Chunk chunk, Path repository) throws IOException {
        Path alone = Files.createTempFile(repository, "salvage-", ".jfr");
        try {
            write(List.of(chunk), alone);
            TraceReader.readForTasks(alone, null, null); // the lightest full read
            return true;
        } catch (TraceReadException e) {
            return e.reason() == TraceReadException.Reason.OUT_OF_MEMORY; // too big for the heap is not damaged
        } finally {
            Files.deleteIfExists(alone);
        }
    }

    private static long write(List<Chunk> chunks, Path target) throws IOException {
        Files.deleteIfExists(target);
        try {
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(target);
        }
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            for (Chunk chunk : chunks) {
                try (RandomAccessFile in = new RandomAccessFile(chunk.file().toFile(), "r")) {
                    for (long left = chunk.size(); left > 0;) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException("chunk shrank while copying: " + chunk.file());
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                total += chunk.size();
            }
        }
        return total;
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(result::add);
        }
        return result;
    }

    /** A chunk file of the repository: its readable size (per its header) and whether it was finished. */
    private record Chunk(Path file, long size, long startNanos, boolean complete) {
        /** The chunk, or null when its header is missing, damaged, or was being rewritten when the JVM died. */
        static Chunk read(Path file) throws IOException {
            byte[] header = new byte[HEADER_SIZE];
            long length;
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                length = in.length();
                if (length < HEADER_SIZE) {
                    return null;
                }
                in.readFully(header);
            }
            ByteBuffer b = ByteBuffer.wrap(header);
            boolean magic = b.get(0) == 'F' && b.get(1) == 'L' && b.get(2) == 'R' && b.get(3) == 0;
            long size = b.getLong(8);
            long constantPools = b.getLong(16);
            long metadata = b.getLong(24);
            if (!magic || b.get(64) == UPDATING_HEADER || size <= HEADER_SIZE || size > length
                    || constantPools <= 0 || constantPools >= size || metadata <= 0 || metadata >= size) {
                return null;
            }
            return new Chunk(file, size, b.getLong(32), size == length && b.get(64) == 0);
        }
    }
}
