package io.flowtrace.analyzer.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything FlowTrace recorded in one JFR file: per-thread call trees, the traced methods, and what the reader
 * noticed (lost or truncated data). Obtain one with {@code io.flowtrace.analyzer.TraceReader.read(path)}.
 */
public final class TraceData {
    /** Threads in the order their first traced call started. */
    private final List<ThreadTrace> threads;
    /** Traced methods by id. */
    private final Map<Integer, MethodInfo> methods;
    /** Human-readable notes about data that could not be read or was lost, one line each. */
    private final List<String> warnings;
    /** True when the file ended in the middle of a chunk and only the readable part was used. */
    private final boolean truncated;
    /** True when the file held at least one FlowTrace event (even if no call was traced). */
    private final boolean hasFlowTraceEvents;
    /** Number of method calls reconstructed. */
    private final long callCount;
    /** The recorded JVM's command line ({@code sun.java.command}), or {@code null} if not recorded. */
    private final String command;
    /** Forked tasks, by {@link TaskInfo#number()}. */
    private final List<TaskInfo> tasks;
    /** Checkpoints, per thread in the order of {@link #threads}, each thread's in order. */
    private final List<Checkpoint> checkpoints;
    /** The threads of the last {@code jdk.ThreadDump} of the recording; empty when it has none. */
    private final List<LiveThread> liveThreads;
    /** The deadlocks the JVM found when it took that dump. */
    private final List<Deadlock> deadlocks;
    /** The classes with traced methods; made when first asked for. */
    private ApplicationCode applicationCode;

    public TraceData(List<ThreadTrace> threads, Map<Integer, MethodInfo> methods, List<String> warnings,
            boolean truncated, boolean hasFlowTraceEvents, long callCount, String command) {
        this(threads, methods, warnings, truncated, hasFlowTraceEvents, callCount, command, List.of(), List.of(),
                List.of());
    }

    public TraceData(List<ThreadTrace> threads, Map<Integer, MethodInfo> methods, List<String> warnings,
            boolean truncated, boolean hasFlowTraceEvents, long callCount, String command, List<TaskInfo> tasks,
            List<Checkpoint> checkpoints, List<LiveThread> liveThreads) {
        this(threads, methods, warnings, truncated, hasFlowTraceEvents, callCount, command, tasks, checkpoints,
                liveThreads, List.of());
    }

    public TraceData(List<ThreadTrace> threads, Map<Integer, MethodInfo> methods, List<String> warnings,
            boolean truncated, boolean hasFlowTraceEvents, long callCount, String command, List<TaskInfo> tasks,
            List<Checkpoint> checkpoints, List<LiveThread> liveThreads, List<Deadlock> deadlocks) {
        this.deadlocks = List.copyOf(deadlocks);
        this.tasks = List.copyOf(tasks);
        this.checkpoints = List.copyOf(checkpoints);
        this.liveThreads = List.copyOf(liveThreads);
        this.threads = List.copyOf(threads);
        this.methods = Collections.unmodifiableMap(methods);
        this.warnings = List.copyOf(warnings);
        this.truncated = truncated;
        this.hasFlowTraceEvents = hasFlowTraceEvents;
        this.callCount = callCount;
        this.command = command;
    }

    public List<ThreadTrace> threads() {
        return threads;
    }

    public Map<Integer, MethodInfo> methods() {
        return methods;
    }

    public List<String> warnings() {
        return warnings;
    }

    public boolean truncated() {
        return truncated;
    }

    public boolean hasFlowTraceEvents() {
        return hasFlowTraceEvents;
    }

    public long callCount() {
        return callCount;
    }

    public String command() {
        return command;
    }

    /** Forked tasks, in display order ({@link TaskInfo#number()} 1, 2, ...). */
    public List<TaskInfo> tasks() {
        return tasks;
    }

    /** Checkpoints the program passed, thread by thread. */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The threads of the last thread dump in the recording (JFR's {@code jdk.ThreadDump}); may be empty. */
    public List<LiveThread> liveThreads() {
        return liveThreads;
    }

    /** The deadlocks the JVM found when it took the last thread dump of the recording; usually none. */
    public List<Deadlock> deadlocks() {
        return deadlocks;
    }

    /** The program's own code, as the traced methods define it: what a fork site deep in a framework leads back to. */
    public ApplicationCode applicationCode() {
        if (applicationCode == null) {
            applicationCode = new ApplicationCode(methods.values());
        }
        return applicationCode;
    }

    /** The live stack of a thread in the last thread dump, matched by thread id, else by name; or {@code null}. */
    public LiveThread liveThread(ThreadTrace thread) {
        for (LiveThread t : liveThreads) {
            if (t.javaThreadId() >= 0 && t.javaThreadId() == thread.javaThreadId()) {
                return t;
            }
        }
        for (LiveThread t : liveThreads) {
            if (t.javaThreadId() < 0 && t.name().equals(thread.name())) {
                return t;
            }
        }
        return null;
    }

    /** True when no call was traced. */
    public boolean isEmpty() {
        return callCount == 0;
    }
}
