package io.flowtrace.analyzer.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.CallTimes;

/**
 * The start and end of every call, per thread in the order the calls ended, in a temporary file that is read back
 * memory-mapped: the heap holds 16 KiB blocks being filled, one per thread, and the place of each block.
 */
final class TimeColumns {
    /** Calls per block; a block (16 KiB) never straddles two mapped segments. */
    private static final int BLOCK = 1024;
    private static final int BLOCK_BYTES = BLOCK * 16;
    private static final int SEGMENT_SHIFT = 30;

    private final List<Column> columns = new ArrayList<>();
    private FileChannel file;
    private long fileEnd;
    private IOException failure;
    private MappedByteBuffer[] segments;
    private ToLongFunction<CallNode> callsBelow;

    /** A new column, for one thread. */
    Column column() {
        Column c = new Column();
        columns.add(c);
        return c;
    }

    /**
     * Writes what the columns still buffer and maps the file for reading.
     *
     * @param callsBelow the number of calls below each node at any depth
     * @throws UncheckedIOException when the temporary file could not be written or read
     */
    void finish(ToLongFunction<CallNode> callsBelow) {
        this.callsBelow = callsBelow;
        for (Column c : columns) {
            if (c.filled > 0) {
                c.writeBlock();
            }
            c.buffer = null;
        }
        try {
            if (failure != null) {
                throw failure;
            }
            segments = new MappedByteBuffer[(int) ((fileEnd + (1L << SEGMENT_SHIFT) - 1) >>> SEGMENT_SHIFT)];
            for (int i = 0; i < segments.length; i++) {
                long from = (long) i << SEGMENT_SHIFT;
                segments[i] = file.map(FileChannel.MapMode.READ_ONLY, from, Math.min(1L << SEGMENT_SHIFT,
                        fileEnd - from));
                segments[i].order(ByteOrder.nativeOrder());
            }
        } catch (IOException e) {
            throw new ScratchFileException("the times of the calls", e);
        }
    }

    private long write(long[] values, int count) {
        if (failure != null) {
            return -1;
        }
        try {
            if (file == null) {
                Path path = Files.createTempFile("flowtrace-times-", ".bin");
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                deleteNow(path);
            }
            ByteBuffer bytes = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.nativeOrder());
            bytes.asLongBuffer().put(values, 0, count);
            long at = fileEnd;
            bytes.limit(count * 8);
            for (long p = at; bytes.hasRemaining(); ) {
                p += file.write(bytes, p);
            }
            fileEnd += BLOCK_BYTES; // whole blocks, so that a block's place tells its segment
            return at;
        } catch (IOException e) {
            failure = e;
            return -1;
        }
    }

    /** Deletes the file while it is open (it stays readable), so that nothing is left behind whatever happens. */
    static void deleteNow(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit(); // a system that cannot delete an open file
        }
    }

    /** The times of one thread's calls. */
    final class Column implements CallTimes {
        private long[] buffer = new long[32];
        private int filled;
        private long[] blocks = new long[4];
        private int blockCount;
        private long count;

        /** Appends the times of the call that just ended. */
        void add(long startNanos, long endNanos) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[filled++] = startNanos;
            buffer[filled++] = endNanos;
            count++;
            if (filled == BLOCK * 2) {
                writeBlock();
            }
        }

        private void writeBlock() {
            if (blockCount == blocks.length) {
                blocks = Arrays.copyOf(blocks, blocks.length * 2);
            }
            blocks[blockCount++] = write(buffer, filled);
            filled = 0;
        }

        /** The number of calls whose times were added. */
        long count() {
            return count;
        }

        @Override
        public long startNanos(long index) {
            return read(index, 0);
        }

        @Override
        public long endNanos(long index) {
            return read(index, 8);
        }

        private long read(long index, int field) {
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException("call " + index + " of " + count);
            }
            long at = blocks[(int) (index / BLOCK)] + (index % BLOCK) * 16 + field;
            return segments[(int) (at >>> SEGMENT_SHIFT)].getLong((int) (at & ((1L << SEGMENT_SHIFT) - 1)));
        }

        @Override
        public long callsBelow(CallNode node) {
            return callsBelow.applyAsLong(node);
        }
    }
}
