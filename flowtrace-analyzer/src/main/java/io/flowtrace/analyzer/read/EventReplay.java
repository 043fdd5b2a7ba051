package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;

/**
 * Replays events to a {@link CallListener}, each thread's events in seq order. Notes lost events as warnings: a
 * thread whose first seq is not 0 started before the recorded data (older chunks rotated out), and a jump in seq
 * means events were lost in between. Events with a seq already replayed (the same chunk read twice) are skipped.
 * Calls whose enter is missing are announced with {@link CallListener#enterLost} where they must have started (see
 * {@code LostEnters}).
 *
 * <p>Two ways to drive it. {@link #replay(RecordedEvents, CallListener)} replays merged events of a whole
 * recording, one thread after the other. A streaming replay ({@link #EventReplay(CallListener)}) takes the events
 * of each chunk as soon as it is parsed ({@link #add}): a thread's seqs are contiguous, so everything up to the
 * first seq not yet seen is replayed at once and only events after a hole are held, until the hole fills (events
 * parsed later) or the end shows it is a real gap ({@link #finish}). Memory then follows the chunk size, not the
 * recording's length. The listener must support {@link CallListener#resumeThread}; threads end, in the order of
 * their first event (ties by thread id), at {@code finish}.
 */
public final class EventReplay {
    /** Gaps reported one by one per thread before the rest are summed up in one line. */
    private static final int MAX_GAP_LINES = 5;

    private final CallListener listener;
    private final Map<Long, ThreadState> threads = new HashMap<>();
    /** Arguments and results of call records by their encoding: repeated values are rendered once. */
    private final RenderedValues arguments = new RenderedValues();
    private final RenderedValues results = new RenderedValues();
    private final Map<ExceptionInfo, ExceptionInfo> sharedExceptions = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private ThreadState current;

    /** A streaming replay to {@code listener}; see the class comment. */
    public EventReplay(CallListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Replays all threads of {@code events} to {@code listener}, one after the other; returns the warnings. */
    public static List<String> replay(RecordedEvents events, CallListener listener) {
        EventReplay replay = new EventReplay(listener);
        List<ThreadColumns> sorted = new ArrayList<>(events.threads());
        sorted.sort(Comparator.comparingLong((ThreadColumns t) -> t.nanos[0]).thenComparingLong(t -> t.threadId));
        for (ThreadColumns t : sorted) {
            ThreadState state = replay.state(t.threadId);
            state.pending = t;
            state.name = t.name;
            state.finish(events::isVirtual);
            replay.listener.endThread();
            replay.current = null;
            replay.warnings.addAll(state.warnings);
        }
        return replay.warnings;
    }

    /**
     * Takes events of one thread, in any order, and replays those that follow what was replayed without a hole.
     * The piece is taken over; do not use it afterwards.
     *
     * @param virtual tells whether a thread id is that of a virtual thread, as far as known so far
     */
    void add(ThreadColumns piece, LongPredicate virtual) {
        if (piece.size == 0 && piece.name == null) {
            return;
        }
        ThreadState state = state(piece.threadId);
        if (piece.name != null && (state.name == null || !piece.name.isEmpty())) {
            state.name = piece.name; // the latest non-empty name wins
        }
        piece.sortBySeq();
        if (state.pending == null || state.pending.size == 0) {
            state.pending = piece;
        } else {
            state.pending.addAll(piece);
            state.pending.sortBySeq(); // two ascending runs: one merge
        }
        state.releaseContiguous(virtual);
    }

    /** Replays what is left after holes that never filled, and ends every thread; call once, after the last add. */
    void finish(LongPredicate virtual) {
        List<ThreadState> all = new ArrayList<>();
        for (ThreadState t : threads.values()) {
            if (t.begun || t.pending != null && t.pending.size > 0) {
                all.add(t);
            }
        }
        for (ThreadState t : all) {
            t.finish(virtual);
        }
        all.sort(Comparator.comparingLong((ThreadState t) -> t.firstNanos).thenComparingLong(t -> t.threadId));
        for (ThreadState t : all) {
            listener.resumeThread(t.threadId);
            listener.endThread();
            warnings.addAll(t.warnings);
        }
        threads.clear();
        current = null;
    }

    /** Warnings about lost events, one line each, thread by thread in replay order; complete after the replay. */
    public List<String> warnings() {
        return warnings;
    }

    /** The name a user sees for a thread: unnamed virtual threads are {@code virtual #<id>}. */
    public static String displayName(String jfrName, long threadId, boolean virtual) {
        if (jfrName != null && !jfrName.isEmpty()) {
            return jfrName;
        }
        return (virtual ? "virtual #" : "thread #") + threadId;
    }

    private ThreadState state(long threadId) {
        return threads.computeIfAbsent(threadId, ThreadState::new);
    }

    /** One thread of a replay: events held after a hole, the next seq expected, and its open calls' methods. */
    private final class ThreadState {
        final long threadId;
        final List<String> warnings = new ArrayList<>(0);
        String name;
        /** Events not replayed yet, in seq order; the first is after a hole. */
        ThreadColumns pending;
        boolean begun;
        long expected;
        long firstNanos;
        /** Methods of the calls open after the replayed events, outermost first, as {@code LostEnters} counts. */
        int[] open = new int[64];
        int height;

        ThreadState(long threadId) {
            this.threadId = threadId;
        }

        /** Replays events from seq 0 on, as long as no seq is missing. */
        void releaseContiguous(LongPredicate virtual) {
            ThreadColumns t = pending;
            int i = 0;
            if (!begun) {
                if (t.size == 0 || t.seq[0] != 0) {
                    return; // seq 0 not seen yet: the thread's start may still come, or data was rotated out
                }
                begin(virtual, t.nanos[0]);
            } else {
                resume();
            }
            for (; i < t.size; i++) {
                if (t.kind[i] == ThreadColumns.BATCH) {
                    if (t.seq[i] > expected) {
                        break;
                    }
                    if (!releaseBatch(t, i)) {
                        break; // waits at a mark for the event that takes its seq
                    }
                    continue;
                }
                long seq = t.seq[i];
                if (seq < expected) {
                    continue; // duplicate of an event already replayed
                }
                if (seq > expected) {
                    break;
                }
                expected = seq + 1;
                if (t.kind[i] != ThreadColumns.TASK && !track(t.kind[i], t.method[i])) {
                    listener.enterLost(t.method[i]); // an exit of no open call stays a leaf
                }
                deliver(t, i);
            }
            t.dropFirst(i);
        }

        /**
         * Replays the records of the batch at {@code i}, which starts at or before {@code expected}. A mark's
         * event, which takes the mark's seq, is among the events after the batch (they are sorted by seq); when it
         * has not arrived yet, the batch stops there, keeps its reader, and waits.
         *
         * @return true when the batch is done
         */
        private boolean releaseBatch(ThreadColumns t, int i) {
            RecordBatch b = (RecordBatch) t.payload[i];
            CallRecordReader r = b.reader();
            int next = i + 1;
            try {
                boolean waiting = b.cursor != null; // positioned on a mark whose event did not arrive
                b.cursor = null;
                while (waiting || r.next()) {
                    waiting = false;
                    long seq = r.seq();
                    if (seq < expected) {
                        continue; // duplicate of records already replayed
                    }
                    int kind = r.kind();
                    if (kind == CallRecords.MARK) {
                        while (next < t.size && t.seq[next] < seq) {
                            next++;
                        }
                        if (next == t.size || t.seq[next] != seq || t.kind[next] != ThreadColumns.TASK) {
                            b.cursor = r;
                            t.seq[i] = seq;
                            return false;
                        }
                        expected = seq + 1;
                        deliver(t, next); // replayed here; skipped later as a duplicate
                        continue;
                    }
                    expected = seq + 1;
                    // enters with values and returns of the innermost open call, most records, here; the rest apart
                    if (kind == CallRecords.ENTER) {
                        int method = r.method();
                        push(method);
                        long nanos = r.nanos() + b.offset;
                        if (!listener.enterRecord(r, nanos)) {
                            listener.enter(method, nanos, arguments(r));
                        }
                    } else if (kind == CallRecords.RETURN && height > 0 && open[height - 1] == r.method()) {
                        height--;
                        long nanos = r.nanos() + b.offset;
                        if (!listener.returnRecord(r, nanos)) {
                            listener.exit(r.method(), nanos, rendered(results, r), null);
                        }
                    } else {
                        deliverRecord(r, b.offset, this);
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // the records after a malformed one are lost: the next event shows the gap
            }
            return true;
        }

        private void begin(LongPredicate virtual, long nanos) {
            boolean v = virtual.test(threadId);
            begun = true;
            firstNanos = nanos;
            listener.beginThread(threadId, displayName(name, threadId, v), v);
            current = this;
        }

        private void resume() {
            if (current != this) {
                listener.resumeThread(threadId);
                current = this;
            }
        }

        /** Follows the open calls; false for an exit that matches none of them. */
        private boolean track(byte kind, int method) {
            if (kind == ThreadColumns.ENTER) {
                push(method);
                return true;
            }
            int match = height - 1;
            while (match >= 0 && open[match] != method) {
                match--;
            }
            if (match < 0) {
                return false;
            }
            height = match;
            return true;
        }

        /** A call was entered. */
        private void push(int method) {
            if (height == open.length) {
                open = Arrays.copyOf(open, height * 2);
            }
            open[height++] = method;
        }

        /** Replays the events held after holes that did not fill: they follow gaps, or the data starts mid-run. */
        void finish(LongPredicate virtual) {
            ThreadColumns t = pending == null ? null : expand(pending);
            pending = null;
            if (t == null || t.size == 0) {
                return;
            }
            if (!begun) {
                begin(virtual, t.nanos[0]);
                expected = t.seq[0];
                if (t.seq[0] > 0) {
                    warnings.add("thread " + displayName(name, threadId, virtual.test(threadId))
                            + ": recording starts mid-run (older data was rotated out)");
                }
            } else {
                resume();
            }
            String shown = displayName(name, threadId, virtual.test(threadId));
            LostEnters lost = new LostEnters(t, Arrays.copyOf(open, height), expected);
            int nextLost = 0;
            int gapLines = 0;
            long moreGaps = 0;
            long moreMissing = 0;
            for (int i = 0; i < t.size; i++) {
                long seq = t.seq[i];
                if (seq < expected) {
                    continue; // duplicate of an event already replayed
                }
                if (seq > expected) {
                    long missing = seq - expected;
                    if (gapLines < MAX_GAP_LINES) {
                        gapLines++;
                        warnings.add("thread " + shown + ": " + missing + (missing == 1 ? " event" : " events")
                                + " missing (seq " + (missing == 1 ? expected : expected + "–" + (seq - 1)) + ")");
                    } else {
                        moreGaps++;
                        moreMissing += missing;
                    }
                }
                expected = seq + 1;
                while (nextLost < lost.count && lost.at[nextLost] <= i) {
                    listener.enterLost(lost.method[nextLost++]);
                }
                if (lost.stray != null && lost.stray.get(i)) {
                    listener.enterLost(t.method[i]);
                }
                deliver(t, i);
            }
            if (moreGaps > 0) {
                warnings.add("thread " + shown + ": " + moreMissing + " more events missing in " + moreGaps
                        + " more gaps");
            }
        }
    }

    /**
     * The events of {@code t} with each batch's records as entries of their own (marks left out: their events are
     * entries already), for the replay of what follows gaps, which looks at all events of a thread at once.
     */
    private ThreadColumns expand(ThreadColumns t) {
        boolean any = false;
        for (int i = 0; i < t.size && !any; i++) {
            any = t.kind[i] == ThreadColumns.BATCH;
        }
        if (!any) {
            return t;
        }
        ThreadColumns out = new ThreadColumns(t.threadId, t.size * 2);
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] != ThreadColumns.BATCH) {
                out.add(t.seq[i], t.nanos[i], t.method[i], t.kind[i], t.payload[i]);
                continue;
            }
            RecordBatch b = (RecordBatch) t.payload[i];
            CallRecordReader r = b.reader(); // past a mark it waited at: that mark's event never came, its seq is lost
            try {
                while (r.next()) {
                    long nanos = r.nanos() + b.offset;
                    switch (r.kind()) {
                        case CallRecords.ENTER, CallRecords.ENTER_NO_VALUES -> out.add(r.seq(), nanos, r.method(),
                                ThreadColumns.ENTER, arguments(r));
                        case CallRecords.RETURN -> out.add(r.seq(), nanos, r.method(), ThreadColumns.RETURN,
                                result(r));
                        case CallRecords.RETURN_VOID -> out.add(r.seq(), nanos, r.method(), ThreadColumns.RETURN,
                                null);
                        case CallRecords.THROW -> out.add(r.seq(), nanos, r.method(), ThreadColumns.THROW,
                                thrown(r));
                        default -> {
                            // a mark: its event is an entry of its own
                        }
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // the records after a malformed one are lost
            }
        }
        out.name = t.name;
        out.sortBySeq();
        return out;
    }

    /** Replays one call record; {@code state} follows the open calls when streaming, else null. */
    private void deliverRecord(CallRecordReader r, long offset, ThreadState state) {
        int kind = r.kind();
        int method = r.method();
        long nanos = r.nanos() + offset;
        byte columnKind = kind == CallRecords.ENTER || kind == CallRecords.ENTER_NO_VALUES ? ThreadColumns.ENTER
                : ThreadColumns.RETURN;
        if (state != null && !state.track(columnKind, method)) {
            listener.enterLost(method); // an exit of no open call stays a leaf
        }
        switch (kind) {
            case CallRecords.ENTER, CallRecords.ENTER_NO_VALUES -> listener.enter(method, nanos, arguments(r));
            case CallRecords.RETURN -> listener.exit(method, nanos, result(r), null);
            case CallRecords.RETURN_VOID -> listener.exit(method, nanos, null, null);
            case CallRecords.THROW -> {
                ExceptionInfo exception = exception(r.exception() == null ? "?" : r.exception(), r.message());
                if (r.identity() == CallRecordReader.NO_IDENTITY) {
                    listener.exit(method, nanos, null, exception);
                } else {
                    listener.threw(method, nanos, exception, r.identity());
                }
            }
            default -> {
                // a mark: handled by the caller
            }
        }
    }

    /** The arguments of an enter record, one String for all enters with the same encoded arguments. */
    private String arguments(CallRecordReader r) {
        if (r.kind() == CallRecords.ENTER_NO_VALUES) {
            return null;
        }
        return r.argumentCount() == 0 ? "" : rendered(arguments, r);
    }

    /** The result of a return record, one String for all returns with the same encoded result. */
    private String result(CallRecordReader r) {
        return rendered(results, r);
    }

    private static String rendered(RenderedValues values, CallRecordReader r) {
        String value = values.get(r);
        return value != RenderedValues.ABSENT ? value : renderedFirst(values, r);
    }

    /** Renders a value not seen before (or no longer kept). */
    private static String renderedFirst(RenderedValues values, CallRecordReader r) {
        String value = r.kind() == CallRecords.RETURN ? r.result() : r.arguments();
        values.put(r, value);
        return value;
    }

    /** The payload of a throw record in a thread's columns. */
    private Object thrown(CallRecordReader r) {
        ExceptionInfo exception = exception(r.exception() == null ? "?" : r.exception(), r.message());
        return r.identity() == CallRecordReader.NO_IDENTITY ? exception
                : new ThreadColumns.Thrown(exception, r.identity());
    }

    private ExceptionInfo exception(String type, String message) {
        ExceptionInfo info = new ExceptionInfo(type, message);
        ExceptionInfo shared = sharedExceptions.putIfAbsent(info, info);
        return shared == null ? info : shared;
    }

    private void deliver(ThreadColumns t, int i) {
        switch (t.kind[i]) {
            case ThreadColumns.ENTER -> listener.enter(t.method[i], t.nanos[i], (String) t.payload[i]);
            case ThreadColumns.RETURN -> listener.exit(t.method[i], t.nanos[i], (String) t.payload[i], null);
            case ThreadColumns.THROW -> {
                if (t.payload[i] instanceof ThreadColumns.Thrown thrown) {
                    listener.threw(t.method[i], t.nanos[i], thrown.exception(), thrown.identity());
                } else {
                    listener.exit(t.method[i], t.nanos[i], null, (ExceptionInfo) t.payload[i]);
                }
            }
            default -> replayTask(t.payload[i], t.nanos[i], listener);
        }
    }

    private static void replayTask(Object event, long nanos, CallListener listener) {
        if (event instanceof TaskEvents.Fork f) {
            listener.taskFork(f.task(), f.parentTask(), f.kind(), f.executor(), f.taskObject(), nanos, f.stack());
            if (f.source() != 0 || f.otherSource() != 0) {
                listener.taskSources(f.task(), f.source(), f.otherSource());
            }
        } else if (event instanceof TaskEvents.Start s) {
            listener.taskStart(s.task(), nanos);
        } else if (event instanceof TaskEvents.End e) {
            ExceptionInfo exception = e.exception() == null ? null : new ExceptionInfo(e.exception(), e.message());
            listener.taskEnd(e.task(), nanos, e.outcome(), e.result(), exception);
        } else if (event instanceof TaskEvents.Join j) {
            listener.taskJoin(j.task(), j.kind(), j.completed(), nanos, j.waitNanos(), j.stack());
        } else if (event instanceof TaskEvents.Checkpoint c) {
            listener.checkpoint(c.label(), c.kind(), c.task(), nanos);
        }
    }

    /**
     * Finds the calls of a thread whose enter is missing, by a dry run over the method ids with the tree builder's
     * matching rule (an exit closes the innermost open call of its method).
     *
     * <p>An exit that matches no open call, while no call opened since the start of the thread's data (or since
     * the last gap) is still open, belongs to a call that started before that point: everything recorded since
     * then ran inside it. Such calls are reported at that point, outermost first, so the calls made inside them
     * nest below them instead of showing as their earlier siblings. Other unmatched exits ("stray") stay leaves.
     */
    private static final class LostEnters {
        int count;
        int[] at = new int[4];
        int[] method = new int[4];
        BitSet stray;

        /**
         * @param open     methods of the calls open before {@code t}'s first event, outermost first
         * @param expected the seq that would follow without a gap
         */
        LostEnters(ThreadColumns t, int[] open, long expected) {
            int[] stack = Arrays.copyOf(open, Math.max(64, open.length));
            int height = open.length;
            int base = height;
            int segmentStart = 0;
            int[] segment = new int[4];
            int segmentSize = 0;
            for (int i = 0; i < t.size; i++) {
                long seq = t.seq[i];
                if (seq < expected) {
                    continue;
                }
                if (seq > expected) {
                    segmentSize = flush(segment, segmentSize, segmentStart);
                    segmentStart = i;
                    base = height;
                }
                expected = seq + 1;
                if (t.kind[i] == ThreadColumns.TASK) {
                    continue; // neither opens nor closes a call
                }
                int m = t.method[i];
                if (t.kind[i] == ThreadColumns.ENTER) {
                    if (height == stack.length) {
                        stack = Arrays.copyOf(stack, height * 2);
                    }
                    stack[height++] = m;
                    continue;
                }
                int match = height - 1;
                while (match >= 0 && stack[match] != m) {
                    match--;
                }
                if (match >= 0) {
                    height = match;
                    if (height < base) {
                        // a call from before the segment ended: later lost calls must have started after it
                        segmentSize = flush(segment, segmentSize, segmentStart);
                        segmentStart = i + 1;
                        base = height;
                    }
                } else if (height == base) {
                    if (segmentSize == segment.length) {
                        segment = Arrays.copyOf(segment, segmentSize * 2);
                    }
                    segment[segmentSize++] = m;
                } else {
                    if (stray == null) {
                        stray = new BitSet();
                    }
                    stray.set(i);
                }
            }
            flush(segment, segmentSize, segmentStart);
        }

        /** Records a segment's lost calls, outermost (the last to exit) first; returns the new segment size 0. */
        private int flush(int[] segment, int size, int start) {
            for (int k = size - 1; k >= 0; k--) {
                if (count == at.length) {
                    at = Arrays.copyOf(at, count * 2);
                    method = Arrays.copyOf(method, count * 2);
                }
                at[count] = start;
                method[count++] = segment[k];
            }
            return 0;
        }
    }
}
