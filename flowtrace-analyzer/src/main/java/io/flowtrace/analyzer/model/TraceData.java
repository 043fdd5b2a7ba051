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

    public TraceData(List<ThreadTrace> threads, Map<Integer, MethodInfo> methods, List<String> warnings,
            boolean truncated, boolean hasFlowTraceEvents, long callCount, String command) {
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

    /** True when no call was traced. */
    public boolean isEmpty() {
        return callCount == 0;
    }
}
