package io.flowtrace.recorder.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;
import io.flowtrace.events.records.Definitions;

/**
 * One thread's call records ({@link CallRecords}) not yet in the recording. Its thread appends records without
 * locking or allocating; the buffer goes to the recording as one {@link CallBatchEvent} when it is full, when the
 * thread ends, and whenever another thread {@linkplain #flush() flushes} it (every second and at each chunk's end,
 * so that a thread that blocks or dies still has its calls recorded).
 *
 * <p>Publication: after each complete record the owner release-stores the record count and length
 * ({@link #published}); a flusher acquire-reads them and commits only what they cover, which the owner no longer
 * changes. Both commit under {@link #lock}; the owner takes it only to commit, never per record.
 */
final class CallBuffer {
    /** Chars a new thread's buffer starts with; it doubles as records come. Many short threads stay small. */
    static final int INITIAL_CHARS = 128;
    private static final LongAdder COMMITTED = new LongAdder();
    /** The owner commits its records once they fill this many chars (a few thousand calls). */
    static final int COMMIT_CHARS = 16 * 1024;
    /** Room a thread's {@link #scratch()} builder keeps between values. */
    static final int MAX_SCRATCH_CHARS = 4 * 1024;

    private static final VarHandle PUBLISHED;

    static {
        try {
            PUBLISHED = MethodHandles.lookup().findVarHandle(CallBuffer.class, "published", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object lock = new Object();
    private final long ownerId;
    private final WeakReference<Thread> owner;
    /** The owner's name when the buffer was made, for when the thread is gone. */
    private final String ownerName;

    // owner only
    /** The records, one byte per char of the format: a batch is made from them as Latin-1, by a copy. */
    private byte[] chars = new byte[INITIAL_CHARS];
    private int length;
    private int count;
    /** Whether a record is being written: begun, not yet published. */
    private boolean open;
    /** Values the open record still needs; it is published once they are there. */
    private int pending;
    private int recordStart;
    private int recordKind;
    private long recordLastNanos;
    private long lastNanos;
    /** Enters recorded, for the session summary; read by other threads without ordering. */
    long enters;
    /** See {@link #scratch()}. */
    private StringBuilder scratch = new StringBuilder();
    /** The words defined in this run of records: {@code defined[id] == run}. A new run defines them again. */
    private int[] defined = new int[64];
    private int run = 1;

    /** Record count (high 32 bits) and length in chars (low 32) of the complete records; see the class doc. */
    @SuppressWarnings("unused") // through PUBLISHED
    private long published;

    // under lock
    /** Seq of the buffer's first record. */
    private long firstSeq;
    /** Chars and records of the buffer a flusher has committed already. */
    private int flushedLength;
    private int flushedCount;
    /** Time of the last record committed: the base of the next batch's first delta. */
    private long flushedNanos;

    @SuppressWarnings("deprecation") // threadId() is JDK 19+
    CallBuffer(Thread owner, long nanos) {
        this.ownerId = owner.getId();
        this.owner = new WeakReference<>(owner);
        this.ownerName = owner.getName();
        this.lastNanos = nanos;
        this.flushedNanos = nanos;
    }

    /** Seq that the next record will take. */
    long nextSeq() {
        return firstSeq + count; // firstSeq changes only on the owner's own commit
    }

    // ---- records (owner thread only)

    void enter(long nanos, int method, int arguments) {
        int pos = header(nanos, CallRecords.ENTER | Math.min(arguments, CallRecords.MANY_ARGUMENTS) << 4,
                arguments);
        pos = CallRecords.putVarint(chars, pos, method);
        if (arguments >= CallRecords.MANY_ARGUMENTS) {
            pos = CallRecords.putVarint(chars, pos, arguments);
        }
        end(pos);
    }

    void enterWithoutValues(long nanos, int method) {
        int pos = header(nanos, CallRecords.ENTER_NO_VALUES, 0);
        end(CallRecords.putVarint(chars, pos, method));
    }

    /** A return record; one value must follow. */
    void returned(long nanos, int method) {
        int pos = header(nanos, CallRecords.RETURN, 1);
        end(CallRecords.putVarint(chars, pos, method));
    }

    void returnedVoid(long nanos, int method) {
        int pos = header(nanos, CallRecords.RETURN_VOID, 0);
        end(CallRecords.putVarint(chars, pos, method));
    }

    /**
     * A throw record; two values (exception class, message or none) must follow.
     *
     * @param identity {@link System#identityHashCode} of the thrown object
     */
    void thrown(long nanos, int method, int identity) {
        int pos = header(nanos, CallRecords.THROW | CallRecords.IDENTITY, 2);
        pos = CallRecords.putVarint(chars, pos, method);
        end(CallRecords.putVarint(chars, pos, identity & 0xFFFF_FFFFL));
    }

    /** A mark record: the seq of another event of this thread. Returns that seq. */
    long mark(long nanos) {
        long seq = nextSeq();
        end(header(nanos, CallRecords.MARK, 0));
        return seq;
    }

    void integer(long value) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        end(CallRecords.putInteger(chars, length, value));
        valueWritten();
    }

    void bool(boolean value) {
        ensure(1);
        chars[length] = (byte) (value ? CallRecords.TRUE : CallRecords.FALSE);
        end(length + 1);
        valueWritten();
    }

    void floatValue(float value) {
        floatBits(Float.floatToRawIntBits(value));
    }

    /** A float given as its raw bits. */
    void floatBits(int bits) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        chars[length] = (byte) CallRecords.FLOAT;
        end(CallRecords.putVarint(chars, length + 1, bits & 0xFFFF_FFFFL));
        valueWritten();
    }

    void doubleValue(double value) {
        doubleBits(Double.doubleToRawLongBits(value));
    }

    /** A double given as its raw bits. */
    void doubleBits(long bits) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        chars[length] = (byte) CallRecords.DOUBLE;
        end(CallRecords.putVarint(chars, length + 1, bits));
        valueWritten();
    }

    void text(String value) {
        ensure(CallRecords.maxTextChars(value));
        end(CallRecords.putText(chars, length, value));
        valueWritten();
    }

    /** A text value from {@link #scratch()}. */
    void text(StringBuilder value) {
        ensure(CallRecords.maxTextChars(value));
        end(CallRecords.putText(chars, length, value));
        valueWritten();
    }

    /**
     * An empty builder for a value to be rendered into and given to {@link #text(StringBuilder)}: the same one each
     * time, so that rendering a value makes no builder and no string.
     */
    StringBuilder scratch() {
        if (scratch.capacity() > MAX_SCRATCH_CHARS) {
            scratch = new StringBuilder(); // one huge value does not keep its room for the thread's life
        } else {
            scratch.setLength(0);
        }
        return scratch;
    }

    /**
     * A string, quoted, when it is short and none of its chars needs escaping; false (nothing written) otherwise,
     * and the caller renders it.
     */
    boolean quoted(String value, int maxChars) {
        if (value.length() > maxChars) {
            return false;
        }
        ensure(CallRecords.maxQuotedChars(value));
        int end = CallRecords.putQuoted(chars, length, value);
        if (end < 0) {
            return false;
        }
        end(end);
        valueWritten();
        return true;
    }

    /** A word as the value, e.g. an enum constant. */
    void word(Words.Word word) {
        int pos = define(word.id(), word, CallRecords.MAX_PLAIN_VALUE); // before reading chars, which it may grow
        end(CallRecords.putWord(chars, pos, word.id()));
        valueWritten();
    }

    /** An object shown by the word of its class ({@code id}, {@code type}) and its identity hash. */
    void object(int id, Words.Word type, int identity) {
        int pos = define(id, type, CallRecords.MAX_PLAIN_VALUE + 5); // before reading chars, which it may grow
        end(CallRecords.putObject(chars, pos, id, identity));
        valueWritten();
    }

    /** An array shown by its type's word ({@code char[]}) and its length. */
    void array(Words.Word type, int arrayLength) {
        int id = type.id();
        int pos = define(id, type, CallRecords.MAX_PLAIN_VALUE + 5); // before reading chars, which it may grow
        end(CallRecords.putArray(chars, pos, id, arrayLength));
        valueWritten();
    }

    /**
     * Makes room for a value of {@code room} chars that uses word {@code id}, after the word's definition unless this
     * run of records has it; returns where the value goes. The word's text is read only for a definition: for an
     * object value, it is one more object away from the class.
     */
    private int define(int id, Words.Word word, int room) {
        if (id < defined.length && defined[id] == run) {
            ensure(room);
            return length;
        }
        ensure(room + CallRecords.maxDefinitionChars(word.text()));
        if (id >= defined.length) {
            defined = Arrays.copyOf(defined, Math.max(defined.length * 2, id + 1));
        }
        defined[id] = run;
        return CallRecords.putDefinition(chars, length, id, word.text());
    }

    /**
     * Starts a {@link CallRecords#LIST} or {@link CallRecords#MAP} value: each of its elements follows after an
     * {@link #element()}, then {@link #endContainer}. Returns the mark that {@link #abandonContainer} goes back to.
     */
    long beginContainer(int tag) {
        ensure(1);
        long mark = (long) pending << 32 | length;
        chars[length++] = (byte) tag; // not published: pending is unchanged
        return mark;
    }

    /** One more value in the open list or map: its write does not complete the record. */
    void element() {
        pending++;
    }

    /** Ends the list or map begun last, with the count of its elements not shown. */
    void endContainer(int notShown) {
        ensure(1 + 5);
        end(CallRecords.putEnd(chars, length, notShown));
        valueWritten();
    }

    /** Drops a list or map begun at {@code mark} and what was written of it, to write the value another way. */
    void abandonContainer(long mark) {
        length = (int) mark;
        pending = (int) (mark >>> 32);
        run++; // its elements may have defined words
    }

    void none() {
        ensure(1);
        chars[length] = (byte) CallRecords.NONE;
        end(length + 1);
        valueWritten();
    }

    /**
     * Drops a record left half written: its values never came, or the stack overflowed while it was written (any
     * call here can throw StackOverflowError; the state changes only by plain field writes around them).
     */
    void abandonRecord() {
        if (open) {
            run++; // the record may have held definitions
            length = recordStart;
            count--;
            lastNanos = recordLastNanos;
            pending = 0;
            open = false;
        }
    }

    private int header(long nanos, int header, int values) {
        abandonRecord();
        if (length >= COMMIT_CHARS) {
            commitOwn();
        }
        ensure(CallRecords.MAX_HEADER);
        recordStart = length;
        recordLastNanos = lastNanos;
        recordKind = header & 0x07;
        pending = values;
        open = true;
        count++;
        long delta = nanos - lastNanos;
        if (delta > 0) {
            lastNanos = nanos;
            chars[length] = (byte) (header | CallRecords.TIME);
            return CallRecords.putVarint(chars, length + 1, delta);
        }
        chars[length] = (byte) header;
        return length + 1;
    }

    private void end(int pos) {
        length = pos;
        if (pending == 0) {
            publish();
        }
    }

    private void valueWritten() {
        if (--pending == 0) {
            publish();
        }
    }

    private void publish() {
        PUBLISHED.setRelease(this, (long) count << 32 | length); // a call when not compiled: may overflow the stack
        open = false;
        if (recordKind <= CallRecords.ENTER_NO_VALUES) {
            enters++;
        }
    }

    private void ensure(int room) {
        if (length + room > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + room));
        }
    }

    /**
     * The owner's commit of a full buffer; the buffer starts over (at its current size). A stack overflow on the way
     * leaves it committed or not, never twice.
     */
    private void commitOwn() {
        synchronized (lock) {
            if (length > flushedLength) {
                commit(part(flushedLength, length), firstSeq + flushedCount, count - flushedCount, flushedNanos,
                        false);
                flushedLength = length;
                flushedCount = count;
                flushedNanos = lastNanos;
            }
            PUBLISHED.setRelease(this, 0L);
            firstSeq += count;
            count = 0;
            length = 0;
            flushedLength = 0;
            flushedCount = 0;
            run++;
        }
    }

    /**
     * The records from {@code from} to {@code to} as a batch: one that does not start the run may use words the
     * run defined before it, whose definitions are added.
     */
    private String part(int from, int to) {
        String records = CallRecords.toRecords(chars, from, to);
        return from == 0 ? records : Definitions.complete(records, Words::text);
    }

    // ---- any thread

    /**
     * Commits the records published so far and not yet committed; from any thread, the owner's included.
     *
     * @return whether there was anything to commit
     */
    boolean flush() {
        synchronized (lock) {
            long published = (long) PUBLISHED.getAcquire(this);
            int upTo = (int) published;
            int records = (int) (published >>> 32);
            if (upTo <= flushedLength) {
                return false;
            }
            // chars is read after the acquire: it holds at least what was published, whatever the owner grew
            String part = part(flushedLength, upTo);
            long start = flushedNanos;
            long end = endNanos(part, start);
            commit(part, firstSeq + flushedCount, records - flushedCount, start,
                    Thread.currentThread() != owner.get());
            flushedLength = upTo;
            flushedCount = records;
            flushedNanos = end;
            return true;
        }
    }

    private void commit(String records, long seq, int count, long startNanos, boolean foreign) {
        CallBatchEvent event = new CallBatchEvent();
        event.begin();
        event.commitNanos = System.nanoTime();
        if (foreign) {
            Thread thread = owner.get();
            event.ownerThreadId = ownerId;
            event.ownerThreadName = thread == null ? ownerName : thread.getName();
        }
        event.firstSeq = seq;
        event.count = count;
        event.startNanos = startNanos;
        event.records = records;
        event.commit();
        COMMITTED.add(records.length());
    }

    /**
     * Chars of call records committed so far in this JVM, all sessions together: about the bytes they take in the
     * recording, known before JFR writes them to disk.
     */
    static long committedChars() {
        return COMMITTED.sum();
    }

    /** The time of the last of {@code records}: what the next part's deltas start from. */
    private static long endNanos(String records, long startNanos) {
        CallRecordReader reader = new CallRecordReader(records, 0, startNanos);
        try {
            while (reader.next()) {
                // only the times
            }
        } catch (IllegalArgumentException malformed) {
            // cannot happen for what the owner published; keep the time read so far
        }
        return reader.nanos();
    }
}
