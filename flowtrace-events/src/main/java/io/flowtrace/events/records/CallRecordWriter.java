package io.flowtrace.events.records;

import java.util.Arrays;

/**
 * Appends call records to a growing buffer; {@link #take()} hands them out as the string of a batch. Not
 * thread-safe. Each record method takes the record's time ({@code System.nanoTime()} or a coarser clock of the
 * same scale) and writes a delta only when it differs from the previous record's.
 */
public final class CallRecordWriter {
    private byte[] chars;
    private int length;
    private int count;
    private long startNanos;
    private long lastNanos;

    /** A writer whose first delta is relative to {@code startNanos}. */
    public CallRecordWriter(int initialCapacity, long startNanos) {
        this.chars = new byte[Math.max(initialCapacity, 64)];
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** Starts an enter record; exactly {@code argumentCount} value calls must follow. */
    public void enter(long nanos, int method, int argumentCount) {
        int pos = header(nanos, CallRecords.ENTER
                | Math.min(argumentCount, CallRecords.MANY_ARGUMENTS) << 4);
        pos = CallRecords.putVarint(chars, pos, method);
        if (argumentCount >= CallRecords.MANY_ARGUMENTS) {
            pos = CallRecords.putVarint(chars, pos, argumentCount);
        }
        length = pos;
    }

    /** An enter record of a call whose arguments are not recorded. */
    public void enterWithoutValues(long nanos, int method) {
        int pos = header(nanos, CallRecords.ENTER_NO_VALUES); // may grow chars
        length = CallRecords.putVarint(chars, pos, method);
    }

    /** Starts a return record of {@code method}; one value call must follow. */
    public void returnValue(long nanos, int method) {
        int pos = header(nanos, CallRecords.RETURN); // may grow chars
        length = CallRecords.putVarint(chars, pos, method);
    }

    /** A return record of {@code method} without a value. */
    public void returnVoid(long nanos, int method) {
        int pos = header(nanos, CallRecords.RETURN_VOID); // may grow chars
        length = CallRecords.putVarint(chars, pos, method);
    }

    /** A throw record of {@code method} without the identity of the thrown object, as older recorders wrote. */
    public void thrown(long nanos, int method, String exceptionClass, String message) {
        int pos = header(nanos, CallRecords.THROW); // may grow chars
        length = CallRecords.putVarint(chars, pos, method);
        exception(exceptionClass, message);
    }

    /**
     * A throw record of {@code method}.
     *
     * @param identity {@link System#identityHashCode} of the thrown object
     */
    public void thrown(long nanos, int method, int identity, String exceptionClass, String message) {
        int pos = header(nanos, CallRecords.THROW | CallRecords.IDENTITY); // may grow chars
        pos = CallRecords.putVarint(chars, pos, method);
        length = CallRecords.putVarint(chars, pos, identity & 0xFFFF_FFFFL);
        exception(exceptionClass, message);
    }

    private void exception(String exceptionClass, String message) {
        text(exceptionClass);
        if (message == null) {
            none();
        } else {
            text(message);
        }
    }

    /** A mark record: the seq of another event of the thread. */
    public void mark(long nanos) {
        length = header(nanos, CallRecords.MARK);
    }

    /** An integer value of any width. */
    public void integer(long value) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        length = CallRecords.putInteger(chars, length, value);
    }

    public void bool(boolean value) {
        ensure(1);
        chars[length++] = (byte) (value ? CallRecords.TRUE : CallRecords.FALSE);
    }

    public void floatValue(float value) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        chars[length] = (byte) CallRecords.FLOAT;
        length = CallRecords.putVarint(chars, length + 1, Float.floatToRawIntBits(value) & 0xFFFF_FFFFL);
    }

    public void doubleValue(double value) {
        ensure(CallRecords.MAX_PLAIN_VALUE);
        chars[length] = (byte) CallRecords.DOUBLE;
        length = CallRecords.putVarint(chars, length + 1, Double.doubleToRawLongBits(value));
    }

    /** A value rendered as text by the recorder. */
    public void text(String value) {
        ensure(CallRecords.maxTextChars(value));
        length = CallRecords.putText(chars, length, value);
    }

    /** No value. */
    public void none() {
        ensure(1);
        chars[length++] = (byte) CallRecords.NONE;
    }

    /** Chars written since the last {@link #take()}. */
    public int length() {
        return length;
    }

    /** Records written since the last {@link #take()}. */
    public int count() {
        return count;
    }

    /** The time base of the records written since the last {@link #take()}. */
    public long startNanos() {
        return startNanos;
    }

    /** The records written so far, as one string; the writer starts over with the last record's time as base. */
    public String take() {
        String records = CallRecords.toRecords(chars, 0, length);
        length = 0;
        count = 0;
        startNanos = lastNanos;
        return records;
    }

    private int header(long nanos, int header) {
        ensure(CallRecords.MAX_HEADER);
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

    private void ensure(int room) {
        if (length + room > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + room));
        }
    }
}
