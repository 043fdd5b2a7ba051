package io.flowtrace.analyzer.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the complete chunks of a JFR file are, found by walking the chunk headers. JFR writes a chunk's size into
 * its header when the chunk is finished, so a file cut short (a crash, a copy in progress, a full disk) ends in a
 * chunk whose header claims more bytes than the file has, or whose size is still 0; everything before it is
 * readable.
 */
public final class ChunkLayout {
    /** Magic, versions, size, constant pool and metadata offsets, start, duration, ticks, frequency, features. */
    static final int HEADER_SIZE = 68;
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};

    private final long[] offsets;
    private final long[] sizes;
    private final long fileSize;
    private final long readableBytes;
    private final boolean trailingGarbage;

    private ChunkLayout(long[] offsets, long[] sizes, long fileSize, long readableBytes, boolean trailingGarbage) {
        this.offsets = offsets;
        this.sizes = sizes;
        this.fileSize = fileSize;
        this.readableBytes = readableBytes;
        this.trailingGarbage = trailingGarbage;
    }

    /**
     * Walks the chunk headers of a file that starts with the JFR magic.
     *
     * @throws UnsupportedVersionException when the first chunk has a format version JMC cannot read
     */
    public static ChunkLayout scan(RandomAccessFile file) throws IOException {
        long length = file.length();
        List<long[]> chunks = new ArrayList<>();
        byte[] header = new byte[HEADER_SIZE];
        long pos = 0;
        boolean garbage = false;
        while (pos < length) {
            int available = (int) Math.min(HEADER_SIZE, length - pos);
            file.seek(pos);
            file.readFully(header, 0, available);
            if (!startsWithMagic(header, available)) {
                garbage = true; // not a cut-off chunk: something else was appended
                break;
            }
            if (available < HEADER_SIZE) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(header);
            int major = b.getShort(4);
            int minor = b.getShort(6);
            long size = b.getLong(8);
            if (major != 1 && major != 2) {
                if (pos == 0) {
                    throw new UnsupportedVersionException(major + "." + minor);
                }
                garbage = true;
                break;
            }
            if (size < HEADER_SIZE || size > length - pos) {
                break; // unfinished or cut off
            }
            chunks.add(new long[] {pos, size});
            pos += size;
        }
        long[] offsets = new long[chunks.size()];
        long[] sizes = new long[chunks.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = chunks.get(i)[0];
            sizes[i] = chunks.get(i)[1];
        }
        return new ChunkLayout(offsets, sizes, length, pos, garbage);
    }

    private static boolean startsWithMagic(byte[] header, int available) {
        for (int i = 0; i < Math.min(available, MAGIC.length); i++) {
            if (header[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Number of complete chunks. */
    public int chunkCount() {
        return offsets.length;
    }

    /** File position of a complete chunk. */
    public long offset(int chunk) {
        return offsets[chunk];
    }

    /** Size in bytes of a complete chunk. */
    public long size(int chunk) {
        return sizes[chunk];
    }

    /** Bytes covered by complete chunks, from the start of the file. */
    public long readableBytes() {
        return readableBytes;
    }

    /** Bytes after the last complete chunk. */
    public long unreadableBytes() {
        return fileSize - readableBytes;
    }

    /** True when the file does not end with a complete chunk. */
    public boolean isTruncated() {
        return unreadableBytes() > 0;
    }

    /** A one-line warning about the unreadable end of the file, or {@code null} when there is none. */
    public String warning() {
        if (!isTruncated()) {
            return null;
        }
        long n = unreadableBytes();
        String bytes = n == 1 ? "1 byte" : n + " bytes";
        return trailingGarbage
                ? "recording has unrecognized data at its end: the last " + bytes + " could not be read"
                : "recording is truncated: the last " + bytes + " could not be read";
    }

    /** The first chunk has a JFR format version this reader does not support. */
    public static final class UnsupportedVersionException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedVersionException(String version) {
            super("unsupported JFR format version " + version);
        }
    }
}
