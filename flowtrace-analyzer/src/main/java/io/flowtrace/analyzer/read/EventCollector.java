package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.flowtrace.analyzer.model.MethodInfo;

/**
 * Collects FlowTrace events from parser threads that run in parallel, one {@link EventBatch} per thread. Without a
 * replay, it merges them into per-thread, sequence-ordered {@link RecordedEvents} once parsing has finished
 * ({@link #finish()}). With a streaming {@link EventReplay}, it hands each chunk's events on as soon as the chunk is
 * parsed ({@link #chunkDone()}), so that they need not be kept. A streaming reader may also take a parsed chunk
 * ({@link #takeChunk()}) and replay it ({@link #replay(ParsedChunk)}) on another thread while the next chunk is
 * parsed: what parsing fills and what the replay reads are kept apart.
 */
public final class EventCollector {
    private final Queue<EventBatch> batches = new ConcurrentLinkedQueue<>();
    private final Map<Thread, EventBatch> batchByThread = new ConcurrentHashMap<>();
    private final AtomicLong activity = new AtomicLong();
    private final EventReplay replay;
    private volatile boolean cancelled;

    // Filled by the replay (when streaming): the chunks replayed so far.
    /** Method definitions of the batches taken in so far. */
    private final Map<Integer, MethodInfo> methods;
    private final Map<Long, Boolean> virtual = new HashMap<>();

    // Filled when batches are taken in, on the side of the parser threads.
    private String command;
    private String threadDump;
    private final JdkMethodTraces methodTraces = new JdkMethodTraces();
    private long threadDumpNanos = Long.MIN_VALUE;
    private boolean any;
    /** Recorder nanoTime to epoch nanos, from the earliest call batch taken in; one for all, so durations are exact. */
    private long clockOffset;
    private long clockOffsetAt = Long.MAX_VALUE;
    private boolean takingFirstOffset;

    /** Collects everything until {@link #finish()}. */
    public EventCollector() {
        this.replay = null;
        this.methods = new HashMap<>();
    }

    /**
     * Streams each chunk's events to {@code replay} at {@link #chunkDone()}; finish with {@link #finishStream()}.
     *
     * @param methods receives the method definitions of each chunk before its events are replayed, so the replay's
     *                listener can look them up in this map
     */
    public EventCollector(EventReplay replay, Map<Integer, MethodInfo> methods) {
        this.replay = Objects.requireNonNull(replay, "replay");
        this.methods = methods;
    }

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
     * A chunk has been parsed completely: a streaming collector replays its events (those that follow without a
     * hole). Call when no parser thread is working, with a happens-before edge to them (as for {@link #finish()}).
     */
    public void chunkDone() {
        if (replay != null) {
            replay(takeChunk());
        }
    }

    /**
     * Takes in the events of the chunk just parsed, without replaying them. Call when no parser thread is working,
     * with a happens-before edge to them; the next chunk may be parsed while the one taken is replayed.
     */
    public ParsedChunk takeChunk() {
        ParsedChunk chunk = new ParsedChunk();
        takeBatches(chunk);
        if (replay != null) {
            for (List<ThreadColumns> parts : chunk.pieces.values()) {
                for (ThreadColumns part : parts) {
                    if (part.nanoClock) {
                        part.moveCallTimes(clockOffset); // chunks come in file order: the earliest batch is known
                    }
                }
            }
        }
        return chunk;
    }

    /** Replays a chunk taken by {@link #takeChunk()}; chunks must be replayed in the order they were taken. */
    public void replay(ParsedChunk chunk) {
        for (MethodInfo m : chunk.definitions) {
            methods.putIfAbsent(m.id(), m);
        }
        virtual.putAll(chunk.virtual);
        for (List<ThreadColumns> parts : chunk.pieces.values()) {
            for (ThreadColumns part : parts) {
                replay.add(part, this::isVirtual);
            }
        }
    }

    /** Replays what is left and ends the stream; returns the recording's methods, command and thread dump. */
    public RecordedEvents finishStream() {
        chunkDone();
        replay.finish(this::isVirtual);
        return new RecordedEvents(methods, virtual, List.of(), command, any, threadDump, methodTraces);
    }

    private boolean isVirtual(long threadId) {
        return Boolean.TRUE.equals(virtual.get(threadId));
    }

    /**
     * Merges all batches. Call only after every parser thread has finished (the caller must have a
     * happens-before edge with them, e.g. by joining the threads or a {@code Future.get()}).
     */
    public RecordedEvents finish() {
        ParsedChunk all = takeChunk();
        for (MethodInfo m : all.definitions) {
            methods.putIfAbsent(m.id(), m);
        }
        virtual.putAll(all.virtual);
        List<ThreadColumns> threads = new ArrayList<>(all.pieces.size());
        for (List<ThreadColumns> parts : all.pieces.values()) {
            ThreadColumns merged = merge(parts);
            if (merged.nanoClock) {
                merged.moveCallTimes(clockOffset);
            }
            if (merged.size > 0) {
                merged.sortBySeq();
                threads.add(merged);
            }
        }
        return new RecordedEvents(methods, virtual, threads, command, any, threadDump, methodTraces);
    }

    /** Takes in the batches filled so far: their metadata, and their threads' events as pieces of {@code chunk}. */
    private void takeBatches(ParsedChunk chunk) {
        takingFirstOffset = clockOffsetAt == Long.MAX_VALUE;
        for (EventBatch batch : batches) {
            any |= batch.eventCount() > 0;
            // streaming: the first chunk with call batches sets the offset for good, so that durations stay exact
            boolean fixed = replay != null && clockOffsetAt != Long.MAX_VALUE && !takingFirstOffset;
            if (!fixed && batch.clockOffsetAt() < clockOffsetAt) {
                clockOffsetAt = batch.clockOffsetAt();
                clockOffset = batch.clockOffset();
            }
            if (batch.threadDump() != null && batch.threadDumpNanos() >= threadDumpNanos) {
                threadDump = batch.threadDump();
                threadDumpNanos = batch.threadDumpNanos();
            }
            methodTraces.addAll(batch.methodTraces());
            chunk.definitions.addAll(batch.definitions());
            chunk.virtual.putAll(batch.virtualThreads());
            if (command == null) {
                command = batch.command();
            }
            for (ThreadColumns columns : batch.threads().values()) {
                chunk.pieces.computeIfAbsent(columns.threadId, id -> new ArrayList<>()).add(columns);
            }
        }
        batches.clear();
        batchByThread.clear();
    }

    /** The events of one parsed chunk, taken in and not replayed yet. */
    public static final class ParsedChunk {
        private final List<MethodInfo> definitions = new ArrayList<>();
        private final Map<Long, Boolean> virtual = new HashMap<>();
        private final Map<Long, List<ThreadColumns>> pieces = new HashMap<>();

        private ParsedChunk() {
        }
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
