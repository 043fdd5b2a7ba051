package io.flowtrace.analyzer.read;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.MethodInfo;

/** The FlowTrace events of a recording after merging: method definitions and each thread's events by seq. */
public final class RecordedEvents {
    private final Map<Integer, MethodInfo> methods;
    private final Map<Long, Boolean> virtualThreads;
    private final List<ThreadColumns> threads;
    private final String command;
    private final boolean anyFlowTraceEvent;
    private final String threadDump;
    private final JdkMethodTraces methodTraces;

    RecordedEvents(Map<Integer, MethodInfo> methods, Map<Long, Boolean> virtualThreads, List<ThreadColumns> threads,
            String command, boolean anyFlowTraceEvent, String threadDump, JdkMethodTraces methodTraces) {
        this.methodTraces = methodTraces;
        this.threadDump = threadDump;
        this.methods = Collections.unmodifiableMap(methods);
        this.virtualThreads = virtualThreads;
        this.threads = threads;
        this.command = command;
        this.anyFlowTraceEvent = anyFlowTraceEvent;
    }

    /** Method definitions by id. */
    public Map<Integer, MethodInfo> methods() {
        return methods;
    }

    /** The recorded JVM's command line, or {@code null}. */
    public String command() {
        return command;
    }

    /** The text of the recording's last {@code jdk.ThreadDump}, or {@code null}. */
    public String threadDump() {
        return threadDump;
    }

    /** The calls of the JDK's own method tracing ({@code jdk.MethodTrace} events) in the recording; maybe none. */
    public JdkMethodTraces methodTraces() {
        return methodTraces;
    }

    /**
     * The same events with the calls of the JDK's method tracing in place of FlowTrace's: its methods, and counted
     * as calls of a recording that a tree can be built from.
     */
    public RecordedEvents withJdkMethodTraces() {
        return new RecordedEvents(methodTraces.methods(), virtualThreads, List.of(), command, true, threadDump,
                methodTraces);
    }

    /** True when at least one FlowTrace event (of any kind) was read. */
    public boolean hasFlowTraceEvents() {
        return anyFlowTraceEvent;
    }

    /** Number of threads with enter or exit events. */
    public int threadCount() {
        return threads.size();
    }

    List<ThreadColumns> threads() {
        return threads;
    }

    boolean isVirtual(long threadId) {
        return Boolean.TRUE.equals(virtualThreads.get(threadId));
    }
}
