package io.flowtrace.analyzer.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntFunction;

import io.flowtrace.analyzer.model.CallList;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.CountedCalls;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;

/**
 * The distinct calls of an aggregated tree as rows in temporary files (deleted at once, read back memory-mapped), so
 * that a tree of calls that hardly repeat takes disk rather than heap: a row is a call's method, argument and
 * result texts (by their place in a file of texts), outcome, exception, times, the calls below it and its
 * {@link CallNode#structuralHash()}, and the rows of the calls it made (in a file of row numbers). A view gets a
 * {@link CallNode} made from a row as it walks to it ({@link #node}), not kept; a diff compares the rows of two
 * stores without nodes ({@link SameRows}).
 */
final class CallRows implements CallList.Rows {
    private static final int ROW = 88;
    private static final int START = 0;
    private static final int END = 8;
    private static final int BELOW = 16;
    private static final int HASH = 24;
    private static final int ARGUMENTS = 32;
    private static final int RESULT = 40;
    private static final int MESSAGE = 48;
    private static final int IDENTITY = 56;
    private static final int CALLS = 64;
    private static final int METHOD = 72;
    private static final int CALL_COUNT = 76;
    private static final int OUTCOME = 80;
    private static final int FLAGS = 84;
    private static final int SHARED = 1;
    private static final Outcome[] OUTCOMES = Outcome.values();
    /** Ids of methods kept in an array at most; a recording's ids count up from 0, so others are lookups. */
    private static final int MAX_METHOD_INDEX = 1 << 20;

    private final Column rows = new Column("rows");
    private final Column calls = new Column("calls");
    private final Column texts = new Column("texts");
    private final IntFunction<MethodInfo> methods;
    private long rowCount;
    /** The rows read last, by row number. */
    private final Row[] recent = new Row[1 << 12];
    /** The argument lists read last, by where their text is: a text is kept once per distinct value. */
    private final long[] recentArgumentRefs = new long[1 << 12];
    private final MethodInfo[] recentArgumentMethods = new MethodInfo[1 << 12];
    private final Object[] recentArguments = new Object[1 << 12];
    /** The results read last, by where their text is. */
    private final long[] recentResultRefs = new long[1 << 12];
    private final String[] recentResults = new String[1 << 12];
    /** The methods of the rows, by id, once the tree is built (looked up until then: ids may still be defined). */
    private MethodInfo[] methodById = new MethodInfo[0];
    /** The last comparison of rows here with those of another store. */
    private SameRows comparison;

    /** @param methods the method of each id, as the tree builder knows it */
    CallRows(IntFunction<MethodInfo> methods) {
        this.methods = methods;
    }

    /** Keeps a text; returns where it is, -1 for null. */
    long text(CharSequence text) {
        if (text == null) {
            return -1;
        }
        return texts.appendText(text);
    }

    /** Keeps the text of {@code chars[0, length)}; returns where it is. */
    long text(char[] chars, int length) {
        return texts.appendChars(chars, length);
    }

    /** The text kept at {@code ref} by {@link #text}; null for -1. */
    String textAt(long ref) {
        return texts.getText(ref);
    }

    /**
     * Adds a call; returns its row.
     *
     * @param made the rows of the calls it made are {@code made[from, from + count)}
     */
    long add(int method, long arguments, Outcome outcome, long result, long message, long identity, boolean shared,
            long startNanos, long endNanos, long below, long hash, long[] made, int from, int count) {
        long first = calls.end() / 8;
        for (int k = 0; k < count; k++) {
            calls.putLong(made[from + k]);
        }
        rows.putLong(startNanos);
        rows.putLong(endNanos);
        rows.putLong(below);
        rows.putLong(hash);
        rows.putLong(arguments);
        rows.putLong(result);
        rows.putLong(message);
        rows.putLong(identity);
        rows.putLong(first);
        rows.putInt(method);
        rows.putInt(count);
        rows.putInt(outcome.ordinal());
        rows.putInt(shared ? SHARED : 0);
        return rowCount++;
    }

    /** Sets the structural hash of a row, known only when its caller ended (it threw, see the tree builder). */
    void hash(long row, long hash) {
        rows.patchLong(row * ROW + HASH, hash);
    }

    /** Writes what is still buffered and maps the files for reading. */
    void finish() {
        rows.finish();
        calls.finish();
        texts.finish();
    }

    /** A node made for the call of a row, below {@code caller} (null for a top-level call). */
    @Override
    public CallNode node(long row, CallNode caller) {
        Row r = row(row);
        return new CallNode(r.method, r.arguments, caller, r.startNanos, r.endNanos, r.outcome, r.result,
                r.exception, r.identity, r.shared, r.below, r.hash, this, row,
                node -> r.count == 0 ? List.of() : new Calls(r.first, r.count, node));
    }

    @Override
    public long callsBelow(long row) {
        return rows.getLong(row * ROW + BELOW);
    }

    @Override
    public Boolean sameCalls(long row, boolean passedOn, CallList.Rows other, long otherRow, boolean otherPassedOn) {
        if (!(other instanceof CallRows o) || !segmentsMapped() || !o.segmentsMapped()) {
            return null; // still being written: rarely compared, and its nodes are read through the buffer
        }
        SameRows same = comparison;
        if (same == null || same.b() != o) {
            same = new SameRows(this, o);
            comparison = same;
        }
        return same.same(row, passedOn, otherRow, otherPassedOn);
    }

    // What a row holds, read field by field for comparing rows (SameRows) without making their nodes.

    MethodInfo methodOf(long row) {
        return method(rows.getInt(row * ROW + METHOD));
    }

    int outcomeOf(long row) {
        return rows.getInt(row * ROW + OUTCOME);
    }

    boolean isShared(long row) {
        return (rows.getInt(row * ROW + FLAGS) & SHARED) != 0;
    }

    /** Where the text of the row's arguments is, -1 for none. */
    long argumentsRef(long row) {
        return rows.getLong(row * ROW + ARGUMENTS);
    }

    /** Where the text of the row's result is, or of the type of its exception; -1 for none. */
    long resultRef(long row) {
        return rows.getLong(row * ROW + RESULT);
    }

    /** Where the text of the message of the row's exception is; -1 for none. */
    long messageRef(long row) {
        return rows.getLong(row * ROW + MESSAGE);
    }

    long identityOf(long row) {
        return rows.getLong(row * ROW + IDENTITY);
    }

    int callCount(long row) {
        return rows.getInt(row * ROW + CALL_COUNT);
    }

    /** Where the rows of the calls the row's call made start, for {@link #calledRow}. */
    long firstCall(long row) {
        return rows.getLong(row * ROW + CALLS);
    }

    /** The row of the {@code k}th call made, {@code first} from {@link #firstCall}. */
    long calledRow(long first, int k) {
        return calls.getLong((first + k) * 8);
    }

    /** True when the text at {@code ref} here and the one at {@code otherRef} of {@code other} are equal (-1: null). */
    boolean sameText(long ref, CallRows other, long otherRef) {
        return texts.sameText(ref, other.texts, otherRef);
    }

    /** True when the text at {@code ref} is empty. */
    boolean emptyText(long ref) {
        return ref >= 0 && texts.getInt(ref) == -1;
    }

    /** What a row holds, read once for the rows read last: a shared call's row is read at each place it appears. */
    private Row row(long row) {
        int slot = (int) (row & (recent.length - 1));
        Row r = recent[slot];
        if (r != null && r.row == row) {
            return r;
        }
        r = read(row);
        if (segmentsMapped()) {
            recent[slot] = r; // a row still written to may yet change (its hash)
        }
        return r;
    }

    private boolean segmentsMapped() {
        return rows.segments != null;
    }

    private Row read(long row) {
        long at = row * ROW;
        MethodInfo method = method(rows.getInt(at + METHOD));
        Outcome outcome = OUTCOMES[rows.getInt(at + OUTCOME)];
        String result = null;
        ExceptionInfo exception = null;
        if (outcome == Outcome.THREW) {
            exception = new ExceptionInfo(texts.getText(rows.getLong(at + RESULT)),
                    texts.getText(rows.getLong(at + MESSAGE)));
        } else {
            result = result(rows.getLong(at + RESULT));
        }
        List<String> arguments = arguments(method, rows.getLong(at + ARGUMENTS));
        return new Row(row, method, arguments, rows.getLong(at + START), rows.getLong(at + END), outcome, result,
                exception, rows.getLong(at + IDENTITY), (rows.getInt(at + FLAGS) & SHARED) != 0,
                rows.getLong(at + BELOW), rows.getLong(at + HASH), rows.getLong(at + CALLS),
                rows.getInt(at + CALL_COUNT));
    }

    /** The method of an id, found once per id when the rows are read back. */
    private MethodInfo method(int id) {
        if (!segmentsMapped() || id < 0 || id >= MAX_METHOD_INDEX) {
            return methods.apply(id);
        }
        if (id >= methodById.length) {
            methodById = Arrays.copyOf(methodById, Math.max(id + 1, methodById.length * 2));
        }
        MethodInfo m = methodById[id];
        if (m == null) {
            m = methods.apply(id);
            methodById[id] = m;
        }
        return m;
    }

    /** The result kept at {@code ref}; one read last is not read again. */
    private String result(long ref) {
        if (ref < 0 || !segmentsMapped()) {
            return texts.getText(ref);
        }
        int slot = (int) (ref ^ ref >>> 12) & (recentResults.length - 1);
        if (recentResultRefs[slot] == ref + 1) {
            return recentResults[slot];
        }
        String text = texts.getText(ref);
        recentResultRefs[slot] = ref + 1;
        recentResults[slot] = text;
        return text;
    }

    /** The argument list kept at {@code ref}; a list read last is not split again. */
    @SuppressWarnings("unchecked")
    private List<String> arguments(MethodInfo method, long ref) {
        if (ref < 0 || !segmentsMapped()) {
            return TreeBuilder.splitArguments(method, texts.getText(ref));
        }
        int slot = (int) (ref ^ ref >>> 12) & (recentArguments.length - 1);
        // the method too: it tells an empty text of no arguments from one empty argument
        if (recentArgumentRefs[slot] == ref + 1 && recentArgumentMethods[slot] == method) {
            return (List<String>) recentArguments[slot];
        }
        List<String> list = TreeBuilder.splitArguments(method, texts.getText(ref));
        recentArgumentRefs[slot] = ref + 1;
        recentArgumentMethods[slot] = method;
        recentArguments[slot] = list;
        return list;
    }

    /** A row as read. */
    private record Row(long row, MethodInfo method, List<String> arguments, long startNanos, long endNanos,
            Outcome outcome, String result, ExceptionInfo exception, long identity, boolean shared, long below,
            long hash, long first, int count) {
    }

    /** The calls a row's call made, each made as asked for. */
    private final class Calls extends AbstractList<CallNode> implements RandomAccess, CountedCalls {
        private final long first;
        private final int count;
        private final CallNode caller;

        Calls(long first, int count, CallNode caller) {
            this.first = first;
            this.count = count;
            this.caller = caller;
        }

        @Override
        public CallNode get(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException(i);
            }
            return node(calls.getLong((first + i) * 8), caller);
        }

        @Override
        public long callsBelow(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException(i);
            }
            return CallRows.this.callsBelow(calls.getLong((first + i) * 8));
        }

        @Override
        public int size() {
            return count;
        }
    }

    /**
     * One append-only file, buffered while written; read through the buffer or the file while the tree is built,
     * through its mapping once it is.
     */
    private static final class Column {
        private static final int BUFFER = 1 << 16;
        private static final int SEGMENT_SHIFT = 30;
        private static final long SEGMENT = 1L << SEGMENT_SHIFT;

        private final String name;
        private FileChannel file;
        private ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.nativeOrder());
        /** Where the buffer starts in the file. */
        private long flushed;
        private MappedByteBuffer[] segments;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());

        Column(String name) {
            this.name = name;
        }

        long end() {
            return flushed + buffer.position();
        }

        void putLong(long v) {
            room(8);
            buffer.putLong(v);
        }

        void putInt(int v) {
            room(4);
            buffer.putInt(v);
        }

        /** The chars of the text being appended. */
        private char[] chars = new char[256];

        /** As {@link #appendChars}, for the chars of {@code text}. */
        long appendText(CharSequence text) {
            int length = text.length();
            if (chars.length < length) {
                chars = new char[Math.max(length, chars.length * 2)];
            }
            char[] c = chars;
            if (text instanceof String s) {
                s.getChars(0, length, c, 0);
            } else if (text instanceof StringBuilder b) {
                b.getChars(0, length, c, 0);
            } else {
                for (int i = 0; i < length; i++) {
                    c[i] = text.charAt(i);
                }
            }
            return appendChars(c, length);
        }

        /**
         * Appends a text as its length and chars, one byte each when they all fit (then the length is stored as
         * {@code -1 - length}), never across two mapped segments; returns where it is.
         */
        long appendChars(char[] c, int length) {
            int all = 0;
            for (int i = 0; i < length; i++) {
                all |= c[i];
            }
            boolean latin1 = all < 256;
            int bytes = 4 + (latin1 ? length : length * 2);
            long at = (end() + 3) & ~3L;
            if ((at & (SEGMENT - 1)) + bytes > SEGMENT) {
                at = (at + SEGMENT - 1) & ~(SEGMENT - 1);
            }
            skipTo(at);
            putInt(latin1 ? -1 - length : length);
            if (latin1) {
                putLatin1(c, length);
            } else {
                putWide(c, length);
            }
            return at;
        }

        /** The chars, all below 256, a byte each, straight into the buffer's array: a loop the JIT makes short. */
        private void putLatin1(char[] c, int length) {
            for (int i = 0; i < length;) {
                room(1);
                ByteBuffer b = buffer;
                int n = Math.min(length - i, b.remaining());
                byte[] to = b.array();
                int p = b.arrayOffset() + b.position();
                for (int k = 0; k < n; k++) {
                    to[p + k] = (byte) c[i + k];
                }
                b.position(b.position() + n);
                i += n;
            }
        }

        private void putWide(char[] c, int length) {
            for (int i = 0; i < length;) {
                room(2);
                int n = Math.min(length - i, buffer.remaining() / 2);
                buffer.asCharBuffer().put(c, i, n);
                buffer.position(buffer.position() + 2 * n);
                i += n;
            }
        }

        private void skipTo(long at) {
            while (end() < at) {
                if (at - end() >= 8 && buffer.remaining() >= 8) {
                    buffer.putLong(0);
                } else {
                    room(1);
                    buffer.put((byte) 0);
                }
            }
        }

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() {
            try {
                if (file == null) {
                    Path path = Files.createTempFile("flowtrace-" + name + "-", ".bin");
                    file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    TimeColumns.deleteNow(path);
                }
                buffer.flip();
                for (long p = flushed; buffer.hasRemaining();) {
                    p += file.write(buffer, p);
                }
                flushed += buffer.limit();
                buffer.clear();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private ScratchFileException failed(IOException e) {
            return new ScratchFileException("the calls", e);
        }

        void patchLong(long at, long v) {
            if (segments != null) {
                throw new IllegalStateException("already mapped");
            }
            if (at >= flushed) {
                buffer.putLong((int) (at - flushed), v);
                return;
            }
            try {
                scratch.clear();
                scratch.putLong(v).flip();
                for (long p = at; scratch.hasRemaining();) {
                    p += file.write(scratch, p);
                }
            } catch (IOException e) {
                throw failed(e);
            }
        }

        void finish() {
            if (segments != null) {
                return;
            }
            if (buffer.position() > 0) {
                flush();
            }
            buffer = null;
            segments = new MappedByteBuffer[(int) ((flushed + SEGMENT - 1) >>> SEGMENT_SHIFT)];
            try {
                for (int i = 0; i < segments.length; i++) {
                    long from = (long) i << SEGMENT_SHIFT;
                    segments[i] = file.map(FileChannel.MapMode.READ_ONLY, from, Math.min(SEGMENT, flushed - from));
                    segments[i].order(ByteOrder.nativeOrder());
                }
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /** Reads {@code bytes} at {@code at} while not mapped yet. */
        private ByteBuffer unmapped(long at, int bytes) {
            if (at < flushed && at + bytes > flushed) {
                flush(); // partly written out: all of it is then
            }
            if (at >= flushed) {
                return buffer.duplicate().order(ByteOrder.nativeOrder()).position((int) (at - flushed));
            }
            ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
            try {
                for (long p = at; b.hasRemaining();) {
                    int n = file.read(b, p);
                    if (n < 0) {
                        throw new IOException("unexpected end of file");
                    }
                    p += n;
                }
            } catch (IOException e) {
                throw failed(e);
            }
            return b.flip();
        }

        long getLong(long at) {
            if (segments == null) {
                return unmapped(at, 8).getLong();
            }
            return segments[(int) (at >>> SEGMENT_SHIFT)].getLong((int) (at & (SEGMENT - 1)));
        }

        int getInt(long at) {
            if (segments == null) {
                return unmapped(at, 4).getInt();
            }
            return segments[(int) (at >>> SEGMENT_SHIFT)].getInt((int) (at & (SEGMENT - 1)));
        }

        /** {@link #getText} of {@code at} equals that of {@code otherAt} of {@code other}; both mapped. */
        boolean sameText(long at, Column other, long otherAt) {
            if (at < 0 || otherAt < 0) {
                return at < 0 && otherAt < 0;
            }
            int stored = getInt(at);
            if (stored != other.getInt(otherAt)) {
                return false; // another length, or chars of another width: a text is stored one way only
            }
            int bytes = stored < 0 ? -1 - stored : stored * 2;
            // a text is never across two segments
            MappedByteBuffer a = segments[(int) (at >>> SEGMENT_SHIFT)];
            MappedByteBuffer b = other.segments[(int) (otherAt >>> SEGMENT_SHIFT)];
            int i = (int) (at & (SEGMENT - 1)) + 4;
            int j = (int) (otherAt & (SEGMENT - 1)) + 4;
            int k = 0;
            for (; k + 8 <= bytes; k += 8) {
                if (a.getLong(i + k) != b.getLong(j + k)) {
                    return false;
                }
            }
            for (; k < bytes; k++) {
                if (a.get(i + k) != b.get(j + k)) {
                    return false;
                }
            }
            return true;
        }

        String getText(long at) {
            if (at < 0) {
                return null;
            }
            int stored = getInt(at);
            boolean latin1 = stored < 0;
            int length = latin1 ? -1 - stored : stored;
            int bytes = latin1 ? length : length * 2;
            ByteBuffer from = segments == null ? unmapped(at + 4, bytes)
                    : segments[(int) (at >>> SEGMENT_SHIFT)].slice((int) (at & (SEGMENT - 1)) + 4, bytes)
                            .order(ByteOrder.nativeOrder());
            if (latin1) {
                byte[] b = new byte[length];
                from.get(b);
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            char[] chars = new char[length];
            from.asCharBuffer().get(chars);
            return new String(chars);
        }
    }
}
