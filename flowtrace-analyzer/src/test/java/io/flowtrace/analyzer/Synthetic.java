package io.flowtrace.analyzer;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.EventBatch;
import io.flowtrace.analyzer.read.EventCollector;
import io.flowtrace.analyzer.read.EventReplay;
import io.flowtrace.analyzer.read.RecordedEvents;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.tree.CallTreeBuilder;
import io.flowtrace.analyzer.tree.SharedTreeBuilder;
import io.flowtrace.analyzer.tree.TreeBuilder;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.records.CallRecordWriter;

/**
 * Scripts FlowTrace event streams without JFR and feeds them through the reader's seam ({@link EventCollector}
 * batches) in order, shuffled, or as concurrent chunks, then builds the trace the way {@link TraceReader} does.
 */
public final class Synthetic {
    /** One scripted event. */
    record Event(long thread, long seq, long nanos, int kind, int method, String text, String exType, String exMsg,
            Object task, long identity) {
        Event(long thread, long seq, long nanos, int kind, int method, String text, String exType, String exMsg,
                Object task) {
            this(thread, seq, nanos, kind, method, text, exType, exMsg, task, -1);
        }
    }

    /** The fields of a scripted task or checkpoint event. */
    private record TaskEvent(String type, long task, long parent, String kind, String text, String exType,
            String exMsg, boolean completed, long waitNanos, List<StackFrame> stack, long source, long otherSource) {
        TaskEvent(String type, long task, long parent, String kind, String text, String exType, String exMsg,
                boolean completed, long waitNanos, List<StackFrame> stack) {
            this(type, task, parent, kind, text, exType, exMsg, completed, waitNanos, stack, 0, 0);
        }
    }

    private record Definition(int id, String type, String name, String descriptor) {
    }

    private final List<Definition> definitions = new ArrayList<>();
    private final Map<Long, Script> threads = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private String command;
    private String threadDump;
    private long clock = 1_000_000_000L;

    /** Defines a method id (emitted at the start of every chunk, like the agent does). */
    public Synthetic method(int id, String type, String name, String descriptor) {
        definitions.add(new Definition(id, type, name, descriptor));
        return this;
    }

    /** Sets the time of the first event to {@code nanos + 1000}; events are 1 µs apart unless advanced. */
    public Synthetic clock(long nanos) {
        this.clock = nanos;
        return this;
    }

    /** The text of a {@code jdk.ThreadDump} event delivered with the events. */
    public Synthetic threadDump(String text) {
        this.threadDump = text;
        return this;
    }

    public Synthetic command(String command) {
        this.command = command;
        return this;
    }

    /** A platform thread; its events are added in the order the script calls are made. */
    public Script thread(long id, String name) {
        return threads.computeIfAbsent(id, i -> new Script(i, name, false));
    }

    /** A virtual thread. */
    public Script virtualThread(long id, String name) {
        return threads.computeIfAbsent(id, i -> new Script(i, name, true));
    }

    /** Moves the clock on, so that the next event happens {@code nanos} later than it would. */
    public Synthetic advance(long nanos) {
        clock += nanos;
        return this;
    }

    /** The events of one thread. */
    public final class Script {
        final long id;
        final String name;
        final boolean virtual;
        long seq;

        Script(long id, String name, boolean virtual) {
            this.id = id;
            this.name = name;
            this.virtual = virtual;
        }

        public Script enter(int method, String... args) {
            return add(0, method, String.join(String.valueOf(EventNames.ARGUMENT_SEPARATOR), args), null, null);
        }

        /** An enter with values not recorded. */
        public Script enterNoValues(int method) {
            return add(0, method, null, null, null);
        }

        public Script exit(int method, String result) {
            return add(1, method, result, null, null);
        }

        public Script exitThrowing(int method, String type, String message) {
            return add(2, method, null, type, message);
        }

        /**
         * A throw of the object of that identity, as the recorder writes it into call batches (the events of
         * {@link #inOrder()} and the like have no identity).
         */
        public Script exitThrowing(int method, String type, String message, int identity) {
            clock += 1000;
            events.add(new Event(id, seq++, clock, 2, method, null, type, message, null, identity));
            return this;
        }

        /**
         * Hands off task {@code task} (forked while running {@code parent}, 0 for none); {@code frames} are the fork
         * site, innermost first, as {@code "examples.Shop.checkout:12"}.
         */
        public Script fork(long task, long parent, String kind, String... frames) {
            return addTask(new TaskEvent("fork", task, parent, kind, "ThreadPoolExecutor@1b6d3586", null, null,
                    false, -1, frames(frames)));
        }

        /** Forks a dependent stage (thenApply...) of task {@code source} (and {@code otherSource}, 0 for none). */
        public Script stage(long task, long source, long otherSource, String kind, String... frames) {
            return addTask(new TaskEvent("fork", task, 0, kind, null, null, null, false, -1, frames(frames), source,
                    otherSource));
        }

        /** Ends one run of a periodic task, which runs again. */
        public Script endRun(long task) {
            return addTask(new TaskEvent("end", task, 0, "run", null, null, null, false, -1, null));
        }

        public Script start(long task) {
            return addTask(new TaskEvent("start", task, 0, null, null, null, null, false, -1, null));
        }

        /** Ends a task with a value. */
        public Script end(long task, String result) {
            return addTask(new TaskEvent("end", task, 0, "value", result, null, null, false, -1, null));
        }

        public Script endThrowing(long task, String type, String message) {
            return addTask(new TaskEvent("end", task, 0, "exception", null, type, message, false, -1, null));
        }

        public Script cancel(long task) {
            return addTask(new TaskEvent("end", task, 0, "cancelled", null, null, null, false, -1, null));
        }

        public Script join(long task, String kind, boolean completed, String... frames) {
            return addTask(new TaskEvent("join", task, 0, kind, null, null, null, completed, 500, frames(frames)));
        }

        /** A checkpoint: {@code kind} is point, beforeAwait or afterAwait. */
        public Script checkpoint(String kind, String label, long task) {
            return addTask(new TaskEvent("checkpoint", task, 0, kind, label, null, null, false, -1, null));
        }

        private Script addTask(TaskEvent event) {
            clock += 1000;
            events.add(new Event(id, seq++, clock, 3, -1, null, null, null, event));
            return this;
        }

        /** Drops the next {@code count} seq numbers, as if their events were lost. */
        public Script lose(int count) {
            seq += count;
            return this;
        }

        /** Starts this thread's numbering later, as if older events had been rotated out. */
        public Script startAt(long firstSeq) {
            seq = firstSeq;
            return this;
        }

        public Synthetic done() {
            return Synthetic.this;
        }

        private Script add(int kind, int method, String text, String exType, String exMsg) {
            clock += 1000;
            events.add(new Event(id, seq++, clock, kind, method, text, exType, exMsg, null));
            return this;
        }
    }

    /** All events in one batch, in the order they happened. */
    public TraceData inOrder() {
        EventCollector collector = new EventCollector();
        deliver(collector.newBatch(), events);
        return build(collector);
    }

    /** All events in one batch, in random order (across and within threads). */
    public TraceData shuffled(long seed) {
        List<Event> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        EventCollector collector = new EventCollector();
        deliver(collector.newBatch(), copy);
        return build(collector);
    }

    /**
     * Cuts the events into {@code chunks} consecutive pieces, shuffles each piece, and delivers the pieces from
     * parallel threads in random order, each on its own batch as JMC's chunk workers would.
     */
    public TraceData concurrentChunks(int chunks, long seed) {
        Random random = new Random(seed);
        List<List<Event>> pieces = new ArrayList<>();
        int size = (events.size() + chunks - 1) / chunks;
        for (int from = 0; from < events.size(); from += size) {
            List<Event> piece = new ArrayList<>(events.subList(from, Math.min(events.size(), from + size)));
            Collections.shuffle(piece, random);
            pieces.add(piece);
        }
        Collections.shuffle(pieces, random);
        EventCollector collector = new EventCollector();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<Event> piece : pieces) {
                done.add(pool.submit(() -> deliver(collector.batchForCurrentThread(), piece)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }
        return build(collector);
    }

    /**
     * Streams the events as a reader does: cut into {@code chunks} consecutive pieces, each shuffled, the pieces
     * in random order, each piece replayed as soon as it is delivered ({@link EventCollector#chunkDone()}).
     *
     * @param shared true to share identical calls, as {@code TraceReader.readShared} does
     */
    public TraceData streamed(int chunks, long seed, boolean shared) {
        Random random = new Random(seed);
        List<List<Event>> pieces = new ArrayList<>();
        int size = Math.max(1, (events.size() + chunks - 1) / chunks);
        for (int from = 0; from < events.size(); from += size) {
            List<Event> piece = new ArrayList<>(events.subList(from, Math.min(events.size(), from + size)));
            Collections.shuffle(piece, random);
            pieces.add(piece);
        }
        Collections.shuffle(pieces, random);
        Map<Integer, MethodInfo> methods = new HashMap<>();
        TreeBuilder builder = shared ? new SharedTreeBuilder(methods) : new CallTreeBuilder(methods);
        EventReplay replay = new EventReplay(builder);
        EventCollector collector = new EventCollector(replay, methods);
        for (List<Event> piece : pieces) {
            deliver(collector.newBatch(), piece);
            collector.chunkDone();
        }
        RecordedEvents recorded = collector.finishStream();
        return builder.trace(recorded, List.of(), replay.warnings(), false);
    }

    /**
     * As {@link #streamed}, with each thread's calls packed into {@code flowtrace.CallBatch} records of at most
     * {@code batchSize} records (task events and checkpoints leave a mark in the batch and come as events of their
     * own, in any chunk), as the recorder writes them.
     */
    public TraceData streamedAsBatches(int batchSize, int chunks, long seed, boolean shared) {
        return streamedAsBatches(batchSize, chunks, seed,
                methods -> shared ? new SharedTreeBuilder(methods) : new CallTreeBuilder(methods));
    }

    /** As {@link #streamedAsBatches(int, int, long, boolean)}, into a builder made by {@code builders}. */
    public TraceData streamedAsBatches(int batchSize, int chunks, long seed,
            Function<Map<Integer, MethodInfo>, TreeBuilder> builders) {
        return streamedAsBatches(batchSize, chunks, seed, builders, false);
    }

    /**
     * As {@link #streamedAsBatches(int, int, long, Function)}; with {@code mixedEncodings}, the integers among the
     * values of every other batch are written as integers rather than as texts: values encoded two ways that render
     * alike.
     */
    public TraceData streamedAsBatches(int batchSize, int chunks, long seed,
            Function<Map<Integer, MethodInfo>, TreeBuilder> builders, boolean mixedEncodings) {
        int batches = 0;
        List<Object> units = new ArrayList<>();
        Map<Long, List<Event>> byThread = new LinkedHashMap<>();
        for (Event e : events) {
            byThread.computeIfAbsent(e.thread(), t -> new ArrayList<>()).add(e);
        }
        for (List<Event> list : byThread.values()) {
            CallRecordWriter writer = null;
            long firstSeq = 0;
            long nextSeq = -1;
            for (Event e : list) {
                if (writer != null && (writer.count() == batchSize || e.seq() != nextSeq)) {
                    units.add(new Batch(e.thread(), firstSeq, writer.startNanos(), writer.take()));
                    writer = null;
                }
                if (writer == null) {
                    writer = new CallRecordWriter(64, e.nanos());
                    firstSeq = e.seq();
                    batches++;
                }
                boolean integers = mixedEncodings && batches % 2 == 0;
                nextSeq = e.seq() + 1;
                switch (e.kind()) {
                    case 0 -> {
                        if (e.text() == null) {
                            writer.enterWithoutValues(e.nanos(), e.method());
                        } else {
                            String[] args = e.text().isEmpty() ? new String[0]
                                    : e.text().split(String.valueOf(EventNames.ARGUMENT_SEPARATOR), -1);
                            writer.enter(e.nanos(), e.method(), args.length);
                            for (String a : args) {
                                value(writer, a, integers);
                            }
                        }
                    }
                    case 1 -> {
                        if (e.text() == null) {
                            writer.returnVoid(e.nanos(), e.method());
                        } else {
                            writer.returnValue(e.nanos(), e.method());
                            value(writer, e.text(), integers);
                        }
                    }
                    case 2 -> {
                        if (e.identity() < 0) {
                            writer.thrown(e.nanos(), e.method(), e.exType(), e.exMsg());
                        } else {
                            writer.thrown(e.nanos(), e.method(), (int) e.identity(), e.exType(), e.exMsg());
                        }
                    }
                    default -> {
                        writer.mark(e.nanos());
                        units.add(e);
                    }
                }
            }
            if (writer != null) {
                units.add(new Batch(list.get(0).thread(), firstSeq, writer.startNanos(), writer.take()));
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(units, random);
        List<List<Object>> pieces = new ArrayList<>();
        int size = Math.max(1, (units.size() + chunks - 1) / chunks);
        for (int from = 0; from < units.size(); from += size) {
            pieces.add(new ArrayList<>(units.subList(from, Math.min(units.size(), from + size))));
        }
        Map<Integer, MethodInfo> methods = new HashMap<>();
        TreeBuilder builder = builders.apply(methods);
        EventReplay replay = new EventReplay(builder);
        EventCollector collector = new EventCollector(replay, methods);
        for (List<Object> piece : pieces) {
            EventBatch batch = collector.newBatch();
            List<Event> single = new ArrayList<>();
            for (Object unit : piece) {
                if (unit instanceof Event e) {
                    single.add(e);
                }
            }
            deliver(batch, single);
            for (Object unit : piece) {
                if (unit instanceof Batch b) {
                    batch.callBatch(b.thread(), threads.get(b.thread()).name, b.firstSeq(), b.startNanos(), 0, 0,
                            b.records());
                }
            }
            collector.chunkDone();
        }
        RecordedEvents recorded = collector.finishStream();
        return builder.trace(recorded, List.of(), replay.warnings(), false);
    }

    /** One scripted {@code flowtrace.CallBatch}. */
    /** Writes a value as a text, or as an integer where it is one and {@code integers} says so. */
    private static void value(CallRecordWriter writer, String text, boolean integers) {
        if (integers && text.matches("-?[1-9][0-9]{0,8}|0")) {
            writer.integer(Long.parseLong(text));
        } else {
            writer.text(text);
        }
    }

        private record Batch(long thread, long firstSeq, long startNanos, String records) {
    }

    private void deliver(EventBatch batch, List<Event> list) {
        if (command != null) {
            batch.agentInfo(command);
        }
        for (Definition d : definitions) {
            batch.methodDefinition(d.id(), d.type(), d.name(), d.descriptor(), null, 1);
        }
        for (Script s : threads.values()) {
            batch.threadInfo(s.id, s.name, s.virtual);
        }
        if (threadDump != null) {
            batch.threadDump(clock, threadDump);
        }
        for (Event e : list) {
            String name = threads.get(e.thread()).name;
            switch (e.kind()) {
                case 0 -> batch.enter(e.thread(), name, e.seq(), e.nanos(), e.method(), e.text());
                case 1 -> batch.exit(e.thread(), name, e.seq(), e.nanos(), e.method(), e.text(), false, null, null);
                case 2 -> batch.exit(e.thread(), name, e.seq(), e.nanos(), e.method(), null, true, e.exType(),
                        e.exMsg());
                default -> deliverTask(batch, e, name, (TaskEvent) e.task());
            }
        }
    }

    private static void deliverTask(EventBatch batch, Event e, String name, TaskEvent t) {
        switch (t.type()) {
            case "fork" -> batch.taskFork(e.thread(), name, e.seq(), e.nanos(), t.task(), t.parent(), t.kind(),
                    t.text(), "Shop$$Lambda@4e50df2e", t.stack(), t.source(), t.otherSource());
            case "start" -> batch.taskStart(e.thread(), name, e.seq(), e.nanos(), t.task());
            case "end" -> batch.taskEnd(e.thread(), name, e.seq(), e.nanos(), t.task(), t.kind(), t.text(),
                    t.exType(), t.exMsg());
            case "join" -> batch.taskJoin(e.thread(), name, e.seq(), e.nanos(), t.waitNanos(), t.task(), t.kind(),
                    t.completed(), t.stack());
            default -> batch.checkpoint(e.thread(), name, e.seq(), e.nanos(), t.text(), t.kind(), t.task());
        }
    }

    /** {@code "examples.Shop.checkout:12"} to a frame. */
    static List<StackFrame> frames(String... frames) {
        List<StackFrame> list = new ArrayList<>();
        for (String f : frames) {
            int colon = f.lastIndexOf(':');
            String qualified = colon < 0 ? f : f.substring(0, colon);
            int dot = qualified.lastIndexOf('.');
            list.add(new StackFrame(qualified.substring(0, dot), qualified.substring(dot + 1),
                    colon < 0 ? -1 : Integer.parseInt(f.substring(colon + 1))));
        }
        return List.copyOf(list);
    }

    private static TraceData build(EventCollector collector) {
        return CallTreeBuilder.buildTrace(collector.finish(), List.of(), false);
    }

    /** The text tree of a trace. */
    public static String text(TraceData trace, TreeOptions options) {
        StringWriter out = new StringWriter();
        try {
            new TextTreeRenderer(options).render(trace, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The full text tree of a trace: detailed, no folding, no budget. */
    public static String text(TraceData trace) {
        return text(trace, TreeOptions.builder().full().build());
    }

    /** The JSON of a trace, one line. */
    public static String json(TraceData trace, JsonRenderer renderer) {
        StringWriter out = new StringWriter();
        try {
            renderer.render(trace, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
