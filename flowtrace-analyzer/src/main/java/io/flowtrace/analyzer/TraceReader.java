package io.flowtrace.analyzer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import org.openjdk.jmc.common.io.IOToolkit;

import io.flowtrace.analyzer.TraceReadException.Reason;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.ChunkLayout;
import io.flowtrace.analyzer.read.EventCollector;
import io.flowtrace.analyzer.read.EventReplay;
import io.flowtrace.analyzer.read.JdkMethodTraces;
import io.flowtrace.analyzer.read.RecordedEvents;
import io.flowtrace.analyzer.read.RecordingLoader;
import io.flowtrace.analyzer.tree.CallTreeBuilder;
import io.flowtrace.analyzer.tree.ScratchFileException;
import io.flowtrace.analyzer.tree.SharedTreeBuilder;
import io.flowtrace.analyzer.tree.TaskTreeBuilder;
import io.flowtrace.analyzer.tree.TreeBuilder;

/**
 * Reads a FlowTrace recording (a JFR file, optionally gzip- or zip-compressed) into a {@link TraceData}.
 *
 * <p>The following example prints the top-level calls of each thread:
 *
 * <pre>{@code
 * TraceData trace = TraceReader.read(Path.of("flowtrace.jfr"));
 * for (ThreadTrace thread : trace.threads()) {
 *     System.out.println(thread.name());
 *     for (CallNode call : thread.roots()) {
 *         System.out.println("  " + call);
 *     }
 * }
 * }</pre>
 *
 * <p>A recording made without FlowTrace's agent but with the JDK's own method tracing (JDK 25+, {@code jdk.MethodTrace}
 * events) is read too: each of those events is a call, without arguments or results (a warning says so). A recording
 * with both uses FlowTrace's calls.
 *
 * <p>A file cut off inside its last chunk is not an error: the complete chunks are read and
 * {@link TraceData#truncated()} is set. A valid JFR file without FlowTrace events gives a {@code TraceData} whose
 * {@link TraceData#hasFlowTraceEvents()} is false. Everything else that keeps a file from being read is reported
 * as a {@link TraceReadException} with a one-line message and a {@link TraceReadException#reason() reason}.
 */
public final class TraceReader {
    /** How long JMC's parser may show no progress before the read is given up as corrupt. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int[] GZIP_MAGIC = {0x1f, 0x8b};
    private static final int[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};
    private static final int[] JFR_MAGIC = {'F', 'L', 'R', 0};

    private TraceReader() {
    }

    /**
     * Reads a recording.
     *
     * @param path the recording
     * @return the calls, methods and warnings of the recording
     * @throws TraceReadException when the file is missing, not a file, unreadable, empty, not a JFR recording, or
     *                            corrupt, or when the heap is too small for it ({@link Reason#OUT_OF_MEMORY})
     * @throws NullPointerException if {@code path} is {@code null}
     */
    public static TraceData read(Path path) throws TraceReadException {
        return read(path, null);
    }

    /**
     * Reads a recording, reporting progress.
     *
     * @param path     the recording
     * @param progress receives the fraction read so far, possibly from another thread; may be {@code null}
     * @return the calls, methods and warnings of the recording
     * @throws TraceReadException when the file is missing, not a file, unreadable, empty, not a JFR recording, or
     *                            corrupt, or when the heap is too small for it ({@link Reason#OUT_OF_MEMORY})
     * @throws NullPointerException if {@code path} is {@code null}
     */
    public static TraceData read(Path path, ReadProgress progress) throws TraceReadException {
        return read(path, progress, CallTreeBuilder::new, STALL_TIMEOUT);
    }

    /** Makes the tree builder of a reading from the method definitions it fills. */
    private interface Builders extends Function<Map<Integer, MethodInfo>, TreeBuilder> {
    }

    /**
     * Reads a recording into an aggregated tree, reporting progress, in memory that does not grow with the calls:
     * the calls that ended outside tasks are kept as rows in temporary files (deleted as soon as they are open, read
     * back memory-mapped), identical calls (same method, arguments and result, identical calls below) as one row,
     * and each view gets nodes made from the rows as it walks to them, not kept. The heap holds the methods, the
     * ids of recent values and small buffers; the disk about 90 bytes per distinct call and its value texts.
     * Everything a tree, its JSON and a diff show without durations is the same as with
     * {@link #read(Path, ReadProgress)}; the times of a shared call are those of its first call
     * ({@link io.flowtrace.analyzer.model.CallNode#isShared()}). Nodes made for one call are equal
     * ({@link CallNode#equals}, {@link CallNode#isSameCall}) but not the same object.
     *
     * @param path     the recording
     * @param progress receives the fraction read so far, possibly from another thread; may be {@code null}
     * @return the calls, methods and warnings of the recording, identical calls shared
     * @throws TraceReadException as {@link #read(Path, ReadProgress)}, and when the temporary files cannot be written
     */
    public static TraceData readShared(Path path, ReadProgress progress) throws TraceReadException {
        return read(path, progress, SharedTreeBuilder::new, STALL_TIMEOUT);
    }

    /**
     * Reads a recording as {@link #readShared} does, keeping every call's times too: identical calls are one shared
     * row, their times are in a temporary file (deleted at once, read memory-mapped), and each thread's
     * {@link io.flowtrace.analyzer.model.ThreadTrace#roots() calls} are nodes of their own with their own times,
     * made as a view walks to them and not kept. Everything a tree, its JSON and a diff show, durations included, is
     * then the same as with {@link #read(Path, ReadProgress)}, in memory that does not grow with the calls; the
     * calls of tasks are never shared. Nodes are made anew each time they are asked for: compare them with
     * {@link CallNode#equals} or {@link CallNode#sameCallAs}, not by identity.
     *
     * @param path     the recording
     * @param progress receives the fraction read so far, possibly from another thread; may be {@code null}
     * @return the calls, methods and warnings of the recording, each call with its times
     * @throws TraceReadException as {@link #read(Path, ReadProgress)}, and when the temporary file cannot be written
     */
    public static TraceData readTimed(Path path, ReadProgress progress) throws TraceReadException {
        try {
            return read(path, progress, methods -> new SharedTreeBuilder(methods, true), STALL_TIMEOUT);
        } catch (SharedTreeBuilder.TimesDisagree e) {
            return read(path, progress); // a defect: the full tree still tells the times right
        }
    }

    /**
     * Reads what a task report ({@link io.flowtrace.analyzer.render.TaskReport}) needs, in memory that grows with
     * the tasks, forks, joins, checkpoints and calls still open rather than with all calls: a finished call with no
     * fork, join or checkpoint in it or below it is left out of the tree, as are such calls among a task's
     * {@link io.flowtrace.analyzer.model.TaskInfo#calls() calls}. Every open call, every call with a mark and the
     * chain of its callers are there, so every async stack is. {@link TraceData#callCount()} still counts all calls.
     *
     * @param path     the recording
     * @param progress receives the fraction read so far, possibly from another thread; may be {@code null}
     * @param shown    the calls a filter shows, or {@code null}: below each call kept (and among each task's calls)
     *                 one finished call it shows is kept too, so that a filter tells the same tasks and stacks apart
     *                 as on the full tree
     * @return the tasks, checkpoints, open calls and marked calls of the recording
     * @throws TraceReadException as {@link #read(Path, ReadProgress)}
     */
    public static TraceData readForTasks(Path path, ReadProgress progress, Predicate<CallNode> shown)
            throws TraceReadException {
        return read(path, progress, methods -> new TaskTreeBuilder(methods, shown), STALL_TIMEOUT);
    }

    static TraceData read(Path path, ReadProgress progress, Duration stallTimeout) throws TraceReadException {
        return read(path, progress, CallTreeBuilder::new, stallTimeout);
    }

    private static TraceData read(Path path, ReadProgress progress, Builders builders, Duration stallTimeout)
            throws TraceReadException {
        Objects.requireNonNull(path, "path");
        checkFile(path);
        int[] head = head(path);
        if (startsWith(head, JFR_MAGIC)) {
            return readJfr(path, path, progress, builders, stallTimeout, null);
        }
        if (!startsWith(head, GZIP_MAGIC) && !startsWith(head, ZIP_MAGIC) && !startsWith(head, LZ4_MAGIC)) {
            throw new TraceReadException(Reason.NOT_JFR, "not a JFR file: " + path);
        }
        Path plain = null;
        try {
            plain = Files.createTempFile("flowtrace-", ".jfr");
            String warning = uncompress(path, plain);
            if (!startsWith(head(plain), JFR_MAGIC)) {
                throw new TraceReadException(Reason.NOT_JFR, "not a JFR file: " + path
                        + " (the compressed content is not a recording)");
            }
            return readJfr(path, plain, progress, builders, stallTimeout, warning);
        } catch (IOException e) {
            if (e instanceof TraceReadException tre) {
                throw tre;
            }
            throw new TraceReadException(Reason.UNREADABLE, "cannot read: " + path + " (" + e.getMessage() + ")", e);
        } finally {
            if (plain != null) {
                try {
                    Files.deleteIfExists(plain);
                } catch (IOException e) {
                    plain.toFile().deleteOnExit();
                }
            }
        }
    }

    private static void checkFile(Path path) throws TraceReadException {
        if (Files.isDirectory(path)) {
            throw new TraceReadException(Reason.NOT_A_FILE, "is a directory: " + path);
        }
        if (!Files.exists(path)) {
            throw new TraceReadException(Reason.NOT_FOUND, "no such file: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new TraceReadException(Reason.UNREADABLE, "cannot read: " + path);
        }
        long size;
        try {
            size = Files.isRegularFile(path) ? Files.size(path) : -1;
        } catch (IOException e) {
            throw unreadable(path, e);
        }
        if (size == 0) {
            throw new TraceReadException(Reason.EMPTY, "empty file: " + path);
        }
    }

    /** The first four bytes of a file, -1 for those it lacks. */
    private static int[] head(Path path) throws TraceReadException {
        int[] head = {-1, -1, -1, -1};
        try (InputStream in = Files.newInputStream(path)) {
            for (int i = 0; i < head.length; i++) {
                head[i] = in.read();
            }
        } catch (IOException e) {
            throw unreadable(path, e);
        }
        if (head[0] < 0) {
            throw new TraceReadException(Reason.EMPTY, "empty file: " + path);
        }
        return head;
    }

    private static TraceReadException unreadable(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new TraceReadException(Reason.NOT_FOUND, "no such file: " + path, e);
        }
        if (e instanceof AccessDeniedException) {
            return new TraceReadException(Reason.UNREADABLE, "cannot read: " + path, e);
        }
        return new TraceReadException(Reason.UNREADABLE, "cannot read: " + path + " (" + e.getMessage() + ")", e);
    }

    private static boolean startsWith(int[] head, int[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Uncompresses into {@code target}; returns a warning when the compressed data ended early. */
    private static String uncompress(Path source, Path target) throws IOException {
        try (InputStream in = IOToolkit.openUncompressedStream(source.toFile());
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                }
            } catch (EOFException e) {
                return "compressed file ends early; only its readable part was used";
            }
        }
        return null;
    }

    private static TraceData readJfr(Path shown, Path file, ReadProgress progress, Builders builders,
            Duration stallTimeout, String compressionWarning) throws TraceReadException {
        ChunkLayout layout;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            layout = ChunkLayout.scan(in);
        } catch (ChunkLayout.UnsupportedVersionException e) {
            throw new TraceReadException(Reason.CORRUPT, "corrupt recording: " + shown + " (" + e.getMessage() + ")",
                    e);
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
        // Streamed: the tree grows chunk by chunk while the events themselves are not kept. Two threads: one
        // parses the next chunk while the other replays the chunk parsed before and builds the tree from it (a third
        // thread for the build cost more in hand-over than it saved, docs/benchmarks.md).
        Map<Integer, MethodInfo> methods = new HashMap<>();
        TreeBuilder builder = builders.apply(methods);
        EventReplay replay = new EventReplay(builder);
        EventCollector collector = new EventCollector(replay, methods);
        if (layout.chunkCount() > 0) {
            Progress monotonic = new Progress(progress);
            try {
                new RecordingLoader(file, layout, collector, monotonic::update, stallTimeout).load();
            } catch (RecordingLoader.LoadException e) {
                if (e.outOfMemory()) {
                    throw outOfMemory(shown, e.getCause());
                }
                if (e.getCause() instanceof ScratchFileException scratch) {
                    throw new TraceReadException(Reason.UNREADABLE, "cannot read: " + shown + " ("
                            + scratch.getMessage() + ")", e);
                }
                throw new TraceReadException(Reason.CORRUPT,
                        "corrupt recording: " + shown + " (" + e.getMessage() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceReadException(Reason.UNREADABLE, "cannot read: " + shown + " (interrupted)", e);
            }
        }
        TraceData trace;
        try {
            RecordedEvents events = collector.finishStream();
            List<String> warnings = new ArrayList<>();
            if (compressionWarning != null) {
                warnings.add(compressionWarning);
            }
            if (layout.warning() != null) {
                warnings.add(layout.warning());
            }
            List<String> replayWarnings = replay.warnings();
            if (!events.hasFlowTraceEvents() && !events.methodTraces().isEmpty()) {
                // no agent ran: the calls of the JDK's own method tracing are the recording's calls
                events = events.withJdkMethodTraces();
                builder = builders.apply(new HashMap<>(events.methods()));
                events.methodTraces().replay(builder);
                replayWarnings = List.of(JdkMethodTraces.NO_VALUES);
            }
            trace = builder.trace(events, warnings, replayWarnings,
                    layout.isTruncated() || compressionWarning != null);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(shown, e);
        } catch (UncheckedIOException e) {
            throw new TraceReadException(Reason.UNREADABLE, "cannot read: " + shown + " (" + e.getMessage() + ")", e);
        }
        if (progress != null) {
            progress.update(1.0);
        }
        return trace;
    }

    /** The memory ran out: not a damaged file. */
    private static TraceReadException outOfMemory(Path shown, Throwable cause) {
        return new TraceReadException(Reason.OUT_OF_MEMORY, "out of memory reading " + shown
                + " (the heap is too small for it)", cause);
    }

    /** Hands on progress that never decreases and stops short of 1.0 until the trees are built. */
    private static final class Progress {
        private final ReadProgress target;
        private double last;

        Progress(ReadProgress target) {
            this.target = target;
        }

        void update(double fraction) {
            double f = Math.min(fraction, 0.99);
            if (target != null && f > last) {
                last = f;
                target.update(f);
            }
        }
    }
}
