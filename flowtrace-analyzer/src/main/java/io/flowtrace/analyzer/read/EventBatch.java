package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.events.records.CallRecordReader;

/**
 * FlowTrace events received by one parser thread. Not thread-safe: each parser thread appends to its own batch
 * (see {@link EventCollector#batchForCurrentThread()}); the collector merges the batches once parsing is done.
 */
public final class EventBatch {
    /** Distinct values (arguments, results) kept per batch so repeated renderings share one String. */
    private static final int MAX_SHARED_STRINGS = 1 << 16;

    private final EventCollector collector;
    private final Map<Long, ThreadColumns> threads = new HashMap<>();
    private final List<MethodInfo> definitions = new ArrayList<>();
    private final Map<Long, Boolean> virtualThreads = new HashMap<>();
    private final Map<String, String> sharedStrings = new HashMap<>();
    private final Map<ExceptionInfo, ExceptionInfo> sharedExceptions = new HashMap<>();
    /** Converts and shares the stack traces of this batch's fork and join events. */
    final StackTraces stackTraces = new StackTraces();
    private String command;
    private String threadDump;
    private final JdkMethodTraces methodTraces = new JdkMethodTraces();
    private long methodTraceCount;
    private long threadDumpNanos = Long.MIN_VALUE;
    private boolean agentInfoSeen;
    private long eventCount;
    private long lastThreadId = Long.MIN_VALUE;
    private long clockOffset;
    private long clockOffsetAt = Long.MAX_VALUE;
    private ThreadColumns lastThread;

    EventBatch(EventCollector collector) {
        this.collector = collector;
    }

    /**
     * A {@code flowtrace.MethodEnter} event.
     *
     * @param threadId   Java thread id of the event thread
     * @param threadName name of the event thread, may be {@code null}
     * @param arguments  arguments joined by {@code U+001F}, or {@code null}
     */
    public void enter(long threadId, String threadName, long seq, long nanos, int method, String arguments) {
        counted();
        thread(threadId, threadName).add(seq, nanos, method, ThreadColumns.ENTER, share(arguments));
    }

    /**
     * A {@code flowtrace.MethodExit} event.
     *
     * @param exception class name of the exception when {@code thrown}
     */
    public void exit(long threadId, String threadName, long seq, long nanos, int method, String result,
            boolean thrown, String exception, String message) {
        counted();
        ThreadColumns columns = thread(threadId, threadName);
        if (thrown) {
            ExceptionInfo info = new ExceptionInfo(exception == null ? "?" : exception, message);
            ExceptionInfo shared = sharedExceptions.putIfAbsent(info, info);
            columns.add(seq, nanos, method, ThreadColumns.THROW, shared == null ? info : shared);
        } else {
            columns.add(seq, nanos, method, ThreadColumns.RETURN, share(result));
        }
    }

    /**
     * A {@code flowtrace.CallBatch} event: kept encoded as one entry, its records decoded when replayed (see
     * {@link EventReplay}); marks only hold the seq of another event. Records after a malformed one are lost,
     * those before are kept.
     *
     * <p>Record times stay on the recorder's {@code System.nanoTime()} clock here; the collector moves them all by
     * one offset, so that durations between records of different batches stay exact.
     *
     * @param commitNanos the batch's {@code System.nanoTime()} when it began
     * @param clockOffset the batch's start time (epoch nanos) less {@code commitNanos}
     */
    public void callBatch(long threadId, String threadName, long firstSeq, long startNanos, long commitNanos,
            long clockOffset, String records) {
        counted();
        if (commitNanos < clockOffsetAt) { // the earliest batch's offset, whichever parser thread sees it
            clockOffsetAt = commitNanos;
            this.clockOffset = clockOffset;
        }
        ThreadColumns columns = thread(threadId, threadName);
        columns.nanoClock = true;
        if (records == null || records.isEmpty()) {
            return;
        }
        // kept encoded until replayed; its time is that of its first record, which orders threads
        CallRecordReader first = new CallRecordReader(records, firstSeq, startNanos);
        long nanos = startNanos;
        try {
            if (first.next()) {
                nanos = first.nanos();
            }
        } catch (IllegalArgumentException malformed) {
            // the replay finds it again and treats the records after it as lost
        }
        columns.add(firstSeq, nanos, -1, ThreadColumns.BATCH, new RecordBatch(records, firstSeq, startNanos));
    }

    /** A {@code flowtrace.TaskFork} event; {@code stack} is the fork site, innermost frame first, or empty. */
    public void taskFork(long threadId, String threadName, long seq, long nanos, long task, long parentTask,
            String kind, String executor, String taskObject, List<StackFrame> stack) {
        taskFork(threadId, threadName, seq, nanos, task, parentTask, kind, executor, taskObject, stack, 0, 0);
    }

    /** As above, for a dependent stage: {@code source} and {@code otherSource} are the tasks it consumes, or 0. */
    public void taskFork(long threadId, String threadName, long seq, long nanos, long task, long parentTask,
            String kind, String executor, String taskObject, List<StackFrame> stack, long source, long otherSource) {
        counted();
        thread(threadId, threadName).add(seq, nanos, -1, ThreadColumns.TASK,
                new TaskEvents.Fork(task, parentTask, share(kind), executor, taskObject, stack, source, otherSource));
    }

    /** A {@code flowtrace.TaskStart} event. */
    public void taskStart(long threadId, String threadName, long seq, long nanos, long task) {
        counted();
        thread(threadId, threadName).add(seq, nanos, -1, ThreadColumns.TASK, new TaskEvents.Start(task));
    }

    /** A {@code flowtrace.TaskEnd} event. */
    public void taskEnd(long threadId, String threadName, long seq, long nanos, long task, String outcome,
            String result, String exception, String message) {
        counted();
        thread(threadId, threadName).add(seq, nanos, -1, ThreadColumns.TASK,
                new TaskEvents.End(task, share(outcome), share(result), exception, message));
    }

    /**
     * A {@code flowtrace.TaskJoin} event.
     *
     * @param nanos     when the wait began
     * @param waitNanos how long it lasted, or -1
     */
    public void taskJoin(long threadId, String threadName, long seq, long nanos, long waitNanos, long task,
            String kind, boolean completed, List<StackFrame> stack) {
        counted();
        thread(threadId, threadName).add(seq, nanos, -1, ThreadColumns.TASK,
                new TaskEvents.Join(task, share(kind), completed, waitNanos, stack));
    }

    /** A {@code flowtrace.Checkpoint} event. */
    public void checkpoint(long threadId, String threadName, long seq, long nanos, String label, String kind,
            long task) {
        counted();
        thread(threadId, threadName).add(seq, nanos, -1, ThreadColumns.TASK,
                new TaskEvents.Checkpoint(share(label), share(kind), task));
    }

    /** A {@code jdk.MethodTrace} event of the JDK's method tracing (not a FlowTrace event: not counted as one). */
    public void methodTrace(long threadId, String threadName, long startNanos, long durationNanos, String className,
            String name, String descriptor, int modifiers, int depth) {
        if ((++methodTraceCount & 1023) == 0) {
            collector.ping();
        }
        collector.checkNotCancelled();
        methodTraces.add(threadId, threadName, startNanos, durationNanos, className, name, descriptor, modifiers,
                depth);
    }

    /** A {@code jdk.ThreadDump} event (not a FlowTrace event: not counted as one); the batch keeps the latest. */
    public void threadDump(long nanos, String text) {
        collector.ping();
        collector.checkNotCancelled();
        if (text != null && nanos >= threadDumpNanos) {
            threadDumpNanos = nanos;
            threadDump = text;
        }
    }

    /** A {@code flowtrace.MethodDefinition} event; the same id may be defined again in every chunk. */
    public void methodDefinition(int id, String type, String name, String descriptor, String parameterNames,
            int modifiers) {
        counted();
        List<String> params = parameterNames == null || parameterNames.isEmpty() ? List.of()
                : List.of(parameterNames.split(",", -1));
        definitions.add(new MethodInfo(id, type == null ? "?" : type, name == null ? "?" : name,
                descriptor == null ? "()V" : descriptor, params, modifiers));
    }

    /** A {@code flowtrace.AgentInfo} event. */
    public void agentInfo(String command) {
        counted();
        agentInfoSeen = true;
        if (command != null) {
            this.command = command;
        }
    }

    /** A {@code flowtrace.ThreadInfo} event. */
    public void threadInfo(long threadId, String threadName, boolean virtual) {
        counted();
        virtualThreads.put(threadId, virtual);
        thread(threadId, threadName);
    }

    private ThreadColumns thread(long threadId, String threadName) {
        if (threadId != lastThreadId || lastThread == null) {
            lastThread = threads.computeIfAbsent(threadId, id -> new ThreadColumns(id, 64));
            lastThreadId = threadId;
        }
        if (threadName != null) {
            lastThread.name = threadName;
        }
        return lastThread;
    }

    private String share(String value) {
        if (value == null || value.length() > 64) {
            return value;
        }
        String shared = sharedStrings.get(value);
        if (shared != null) {
            return shared;
        }
        if (sharedStrings.size() < MAX_SHARED_STRINGS) {
            sharedStrings.put(value, value);
        }
        return value;
    }

    private void counted() {
        if ((++eventCount & 1023) == 0) {
            collector.ping();
        }
        collector.checkNotCancelled();
    }

    Map<Long, ThreadColumns> threads() {
        return threads;
    }

    List<MethodInfo> definitions() {
        return definitions;
    }

    Map<Long, Boolean> virtualThreads() {
        return virtualThreads;
    }

    String command() {
        return command;
    }

    String threadDump() {
        return threadDump;
    }

    JdkMethodTraces methodTraces() {
        return methodTraces;
    }

    long threadDumpNanos() {
        return threadDumpNanos;
    }

    boolean agentInfoSeen() {
        return agentInfoSeen;
    }

    /** {@code System.nanoTime()} of the earliest call batch seen, with its clock offset. */
    long clockOffsetAt() {
        return clockOffsetAt;
    }

    long clockOffset() {
        return clockOffset;
    }

    long eventCount() {
        return eventCount;
    }
}
