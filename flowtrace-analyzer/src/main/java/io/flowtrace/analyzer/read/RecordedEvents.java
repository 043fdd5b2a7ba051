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

    RecordedEvents(Map<Integer, MethodInfo> methods, Map<Long, Boolean> virtualThreads, List<ThreadColumns> threads,
            String command, boolean anyFlowTraceEvent, String threadDump) {
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
