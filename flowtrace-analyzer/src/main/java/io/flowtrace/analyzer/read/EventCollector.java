package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.flowtrace.analyzer.model.MethodInfo;

/**
 * Collects FlowTrace events from parser threads that run in parallel, one {@link EventBatch} per thread, and
 * merges them into per-thread, sequence-ordered {@link RecordedEvents} once parsing has finished.
 */
public final class EventCollector {
    private final Queue<EventBatch> batches = new ConcurrentLinkedQueue<>();
    private final Map<Thread, EventBatch> batchByThread = new ConcurrentHashMap<>();
    private final AtomicLong activity = new AtomicLong();
    private volatile boolean cancelled;

    /** A new batch; the caller must use it from one thread at a time. */
    public EventBatch newBatch() {
        EventBatch batch = new EventBatch(this);
        batches.add(batch);
        return batch;
    }

    /** The batch of the calling thread, created on first use. */
    public EventBatch batchForCurrentThread() {
        return batchByThread.computeIfAbsent(Thread.currentThread(), t -> newBatch());
    }

    /**
     * Stops collecting: every later event makes its parser thread fail with a {@link CancellationException}.
     * Used to stop a parser that no longer makes progress.
     */
    public void cancel() {
        cancelled = true;
    }

    void checkNotCancelled() {
        if (cancelled) {
            throw new CancellationException("reading was cancelled");
        }
    }

    /** Notes that parsing makes progress; read by the watchdog. */
    void ping() {
        activity.lazySet(activity.get() + 1);
    }

    /** A number that changes while events keep arriving. */
    public long activity() {
        return activity.get();
    }

    /**
     * Merges all batches. Call only after every parser thread has finished (the caller must have a
     * happens-before edge with them, e.g. by joining the threads or a {@code Future.get()}).
     */
    public RecordedEvents finish() {
        Map<Integer, MethodInfo> methods = new HashMap<>();
        Map<Long, Boolean> virtual = new HashMap<>();
        Map<Long, List<ThreadColumns>> pieces = new HashMap<>();
        String command = null;
        String threadDump = null;
        long threadDumpNanos = Long.MIN_VALUE;
        boolean any = false;
        long clockOffset = 0;
        long clockOffsetAt = Long.MAX_VALUE;
        for (EventBatch batch : batches) {
            any |= batch.eventCount() > 0;
            if (batch.clockOffsetAt() < clockOffsetAt) {
                clockOffsetAt = batch.clockOffsetAt();
                clockOffset = batch.clockOffset();
            }
            if (batch.threadDump() != null && batch.threadDumpNanos() >= threadDumpNanos) {
                threadDump = batch.threadDump();
                threadDumpNanos = batch.threadDumpNanos();
            }
            for (MethodInfo m : batch.definitions()) {
                methods.putIfAbsent(m.id(), m);
            }
            virtual.putAll(batch.virtualThreads());
            if (command == null) {
                command = batch.command();
            }
            for (ThreadColumns columns : batch.threads().values()) {
                pieces.computeIfAbsent(columns.threadId, id -> new ArrayList<>()).add(columns);
            }
        }
        batches.clear();
        batchByThread.clear();
        List<ThreadColumns> threads = new ArrayList<>(pieces.size());
        for (List<ThreadColumns> parts : pieces.values()) {
            ThreadColumns merged = merge(parts);
            if (merged.nanoClock) {
                merged.moveCallTimes(clockOffset);
            }
            if (merged.size > 0) {
                merged.sortBySeq();
                threads.add(merged);
            }
        }
        return new RecordedEvents(methods, virtual, threads, command, any, threadDump);
    }

    /** Joins the pieces of one thread, ordered by their first seq so that the result is usually already sorted. */
    private static ThreadColumns merge(List<ThreadColumns> parts) {
        parts.removeIf(p -> p.size == 0 && p.name == null);
        if (parts.isEmpty()) {
            return new ThreadColumns(0, 0);
        }
        parts.sort(Comparator.comparingLong((ThreadColumns p) -> p.size == 0 ? Long.MAX_VALUE : p.seq[0]));
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int total = 0;
        for (ThreadColumns p : parts) {
            total += p.size;
        }
        ThreadColumns merged = new ThreadColumns(parts.get(0).threadId, total);
        for (ThreadColumns p : parts) {
            merged.addAll(p);
            merged.nanoClock |= p.nanoClock;
            if (p.name != null && (merged.name == null || !p.name.isEmpty())) {
                merged.name = p.name; // the latest non-empty name wins
            }
        }
        return merged;
    }
}
