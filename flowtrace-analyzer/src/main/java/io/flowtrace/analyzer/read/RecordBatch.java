package io.flowtrace.analyzer.read;

import io.flowtrace.events.records.CallRecordReader;

/**
 * The payload of a {@link ThreadColumns#BATCH} entry: the still encoded call records of one
 * {@code flowtrace.CallBatch} event, decoded only when they are replayed, so that calls waiting in a replay cost
 * their few bytes of records rather than a column entry each.
 */
final class RecordBatch {
    /** The encoded records. */
    final String records;
    /** Seq of the first record. */
    final long firstSeq;
    /** Time base of the first record, on the recorder's nanoTime clock. */
    final long startNanos;
    /** Added to record times to put them on the recording's clock (epoch nanos). */
    long offset;
    /** The reader of a batch partly replayed, positioned on the mark it waits for; null before. */
    CallRecordReader cursor;

    RecordBatch(String records, long firstSeq, long startNanos) {
        this.records = records;
        this.firstSeq = firstSeq;
        this.startNanos = startNanos;
    }

    /** A reader at the first record not replayed yet. */
    CallRecordReader reader() {
        return cursor != null ? cursor : new CallRecordReader(records, firstSeq, startNanos);
    }
}
