package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

import io.flowtrace.analyzer.model.ExceptionInfo;

/**
 * Replays merged events to a {@link CallListener}: threads in the order of their first event (ties by thread
 * id), each thread's events in seq order. Notes lost events as warnings: a thread whose first seq is not 0 started
 * before the recorded data (older chunks rotated out), and a jump in seq means events were lost in between.
 * Events with a seq already replayed (the same chunk read twice) are skipped. Calls whose enter is missing are
 * announced with {@link CallListener#enterLost} where they must have started (see {@code LostEnters}).
 */
public final class EventReplay {
    /** Gaps reported one by one per thread before the rest are summed up in one line. */
    private static final int MAX_GAP_LINES = 5;

    private final List<String> warnings = new ArrayList<>();

    /** Replays all threads of {@code events} to {@code listener}. */
    public void replay(RecordedEvents events, CallListener listener) {
        List<ThreadColumns> threads = new ArrayList<>(events.threads());
        threads.sort(Comparator.comparingLong((ThreadColumns t) -> t.nanos[0]).thenComparingLong(t -> t.threadId));
        for (ThreadColumns t : threads) {
            boolean virtual = events.isVirtual(t.threadId);
            String name = displayName(t.name, t.threadId, virtual);
            listener.beginThread(t.threadId, name, virtual);
            replayThread(t, name, listener);
            listener.endThread();
        }
    }

    /** Warnings about lost events, one line each, in replay order. */
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

    private void replayThread(ThreadColumns t, String name, CallListener listener) {
        if (t.seq[0] > 0) {
            warnings.add("thread " + name + ": recording starts mid-run (older data was rotated out)");
        }
        LostEnters lost = new LostEnters(t);
        int nextLost = 0;
        long expected = t.seq[0];
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
                    warnings.add("thread " + name + ": " + missing + (missing == 1 ? " event" : " events")
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
            switch (t.kind[i]) {
                case ThreadColumns.ENTER -> listener.enter(t.method[i], t.nanos[i], (String) t.payload[i]);
                case ThreadColumns.RETURN -> listener.exit(t.method[i], t.nanos[i], (String) t.payload[i], null);
                case ThreadColumns.THROW -> listener.exit(t.method[i], t.nanos[i], null, (ExceptionInfo) t.payload[i]);
                default -> replayTask(t.payload[i], t.nanos[i], listener);
            }
        }
        if (moreGaps > 0) {
            warnings.add("thread " + name + ": " + moreMissing + " more events missing in " + moreGaps + " more gaps");
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

        LostEnters(ThreadColumns t) {
            int[] stack = new int[64];
            int height = 0;
            int base = 0;
            int segmentStart = 0;
            int[] segment = new int[4];
            int segmentSize = 0;
            long expected = t.seq[0];
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
