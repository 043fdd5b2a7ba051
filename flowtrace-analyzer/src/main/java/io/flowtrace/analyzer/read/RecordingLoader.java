package io.flowtrace.analyzer.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;
import org.openjdk.jmc.flightrecorder.internal.IChunkSupplier;
import org.openjdk.jmc.flightrecorder.internal.parser.Chunk;

/**
 * Runs JMC's chunk parser over the complete chunks of a file, streaming FlowTrace events into an
 * {@link EventCollector}, under a watchdog: JMC's parser can loop forever on some damaged data, so a parse that
 * shows no progress for a while is cancelled instead of hanging the caller.
 */
public final class RecordingLoader {
    /**
     * JMC's parser logs a warning per chunk for fields it does not know, e.g. the {@code virtual} flag of threads in
     * recordings of JDK 21 and later, which users would read as errors. Unless the application has configured this
     * logger itself, only severe messages pass. Held here so that the setting is not garbage-collected.
     */
    /** How long the parser may show no progress while the heap stays full before the read is given up. */
    private static final Duration MEMORY_STALL = Duration.ofSeconds(10);
    private static final Logger JMC_LOGGER = Logger.getLogger("org.openjdk.jmc.flightrecorder");

    static {
        if (JMC_LOGGER.getLevel() == null) {
            JMC_LOGGER.setLevel(Level.SEVERE);
        }
    }

    private final Path file;
    private final ChunkLayout layout;
    private final EventCollector collector;
    private final DoubleConsumer progress;
    private final Duration stallTimeout;
    private volatile int chunksDone;
    private volatile Throwable failure;

    /**
     * @param progress     receives the fraction of readable bytes parsed; may be {@code null}
     * @param stallTimeout how long the parser may go without progress before it is given up
     */
    public RecordingLoader(Path file, ChunkLayout layout, EventCollector collector, DoubleConsumer progress,
            Duration stallTimeout) {
        this.file = file;
        this.layout = layout;
        this.collector = collector;
        this.progress = progress;
        this.stallTimeout = stallTimeout;
    }

    /** Parses all complete chunks; returns when done, failed, or given up. */
    public void load() throws LoadException, InterruptedException {
        List<MemoryPoolMXBean> pools = heapPools();
        Thread parser = new Thread(this::parse, "flowtrace-reader");
        parser.setDaemon(true); // a parser stuck in a loop must not keep the JVM alive
        parser.start();
        long lastActivity = -1;
        long lastChange = System.nanoTime();
        try {
            while (true) {
                parser.join(100);
                if (!parser.isAlive()) {
                    break;
                }
                long activity = collector.activity() + chunksDone;
                long now = System.nanoTime();
                if (activity != lastActivity) {
                    lastActivity = activity;
                    lastChange = now;
                } else if (now - lastChange > MEMORY_STALL.toNanos() && heapFullAfterCollections(pools)) {
                    // a JVM short of memory collects garbage instead of parsing, long before it gives up
                    giveUp(parser);
                    parser.join(MEMORY_STALL.toMillis()); // what it holds is garbage once it is gone
                    throw new LoadException("out of memory", new OutOfMemoryError("heap full after collections"));
                } else if (now - lastChange > stallTimeout.toNanos()) {
                    giveUp(parser);
                    throw new LoadException("the parser stopped making progress", null);
                }
            }
        } catch (InterruptedException e) {
            giveUp(parser);
            throw e;
        }
        Throwable t = failure;
        if (t != null) {
            throw new LoadException(shortReason(t), t);
        }
    }

    /** The heap pools that report their use after collections; looked up before memory may run short. */
    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                pools.add(pool);
            }
        }
        return pools;
    }

    /** Whether a heap pool with a limit (the old generation) was nearly full after its last collection. */
    private static boolean heapFullAfterCollections(List<MemoryPoolMXBean> pools) {
        try {
            for (MemoryPoolMXBean pool : pools) {
                MemoryUsage after = pool.getCollectionUsage();
                if (after != null && after.getMax() > 0 && after.getUsed() > after.getMax() * 0.95) {
                    return true;
                }
            }
            return false;
        } catch (OutOfMemoryError e) {
            return true;
        }
    }

    private void giveUp(Thread parser) {
        collector.cancel();
        parser.interrupt();
    }

    /**
     * Parses the chunks one after the other, in file order, so that a streaming collector can hand on each chunk's
     * events when it is done, while events of a thread arrive almost in order. Two stages: a chunk's events are
     * replayed on this thread while the next chunk is parsed on another.
     */
    private void parse() {
        ExecutorService parsing = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flowtrace-parser");
            thread.setDaemon(true); // a parser stuck in a loop must not keep the JVM alive
            return thread;
        });
        Future<EventCollector.ParsedChunk> next = null;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            next = parsing.submit(() -> parseChunk(in, 0));
            for (int i = 0; i < layout.chunkCount(); i++) {
                EventCollector.ParsedChunk chunk = taken(next);
                int following = i + 1;
                next = following < layout.chunkCount() ? parsing.submit(() -> parseChunk(in, following)) : null;
                collector.replay(chunk);
                chunkDone();
            }
        } catch (Throwable t) { // JMC reports damaged data with all kinds of exceptions and errors
            failure = t;
            collector.cancel();
        } finally {
            if (next != null) {
                next.cancel(true);
            }
            parsing.shutdownNow();
        }
    }

    /** Parses one chunk (on the parsing thread) and takes its events in. */
    private EventCollector.ParsedChunk parseChunk(RandomAccessFile in, int index) throws Exception {
        IChunkSupplier chunk = new IChunkSupplier() {
            private boolean given;

            @Override
            public Chunk getNextChunk(byte[] reusableBuffer) throws CouldNotLoadRecordingException, IOException {
                if (given) {
                    return null;
                }
                given = true;
                in.seek(layout.offset(index) + 4); // the magic was checked by the layout scan
                return new Chunk(in, 4, reusableBuffer);
            }
        };
        FlightRecordingLoader.readChunks(() -> { }, List.of(new FlowTraceParserExtension(collector)), chunk, false,
                false);
        return collector.takeChunk();
    }

    /** The result of a chunk's parse; what made it fail is thrown as it was. */
    private static EventCollector.ParsedChunk taken(Future<EventCollector.ParsedChunk> parsed) throws Throwable {
        try {
            return parsed.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private void chunkDone() {
        int done = chunksDone + 1;
        chunksDone = done;
        if (progress != null) {
            long bytes = 0;
            for (int i = 0; i < done && i < layout.chunkCount(); i++) {
                bytes += layout.size(i);
            }
            progress.accept(layout.readableBytes() == 0 ? 1.0 : (double) bytes / layout.readableBytes());
        }
    }

    private static String shortReason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof OutOfMemoryError) {
            return "out of memory; try a larger -Xmx";
        }
        if (root instanceof StackOverflowError) {
            return "nesting too deep";
        }
        String message = root.getMessage();
        String name = root.getClass().getSimpleName();
        if (message == null || message.isBlank() || message.length() > 120) {
            return name;
        }
        return name + ": " + message.lines().findFirst().orElse("");
    }

    /** Parsing failed or was given up. */
    public static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message, Throwable cause) {
            super(message, cause);
        }

        /** True when the JVM ran out of memory while parsing, rather than the data being damaged. */
        public boolean outOfMemory() {
            return getCause() instanceof OutOfMemoryError;
        }
    }
}
