package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.flowtrace.analyzer.model.ExceptionInfo;

/**
 * Replays merged events to a {@link CallListener}: threads in the order of their first event (ties by thread
 * id), each thread's events in seq order. Notes lost events as warnings: a thread whose first seq is not 0 started
 * before the recorded data (older chunks rotated out), and a jump in seq means events were lost in between.
 * Events with a seq already replayed (the same chunk read twice) are skipped.
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
            switch (t.kind[i]) {
                case ThreadColumns.ENTER -> listener.enter(t.method[i], t.nanos[i], (String) t.payload[i]);
                case ThreadColumns.RETURN -> listener.exit(t.method[i], t.nanos[i], (String) t.payload[i], null);
                default -> listener.exit(t.method[i], t.nanos[i], null, (ExceptionInfo) t.payload[i]);
            }
        }
        if (moreGaps > 0) {
            warnings.add("thread " + name + ": " + moreMissing + " more events missing in " + moreGaps + " more gaps");
        }
    }
}
