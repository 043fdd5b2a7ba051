package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCMethod;
import org.openjdk.jmc.common.IMCStackTrace;

import io.flowtrace.analyzer.model.StackFrame;

/**
 * Turns JMC stack traces of fork and join events into shared lists of {@link StackFrame}s. A JFR stack trace is a
 * constant that many events refer to, and JMC hands out one object per constant and chunk, so each is converted
 * once; equal traces and frames from different chunks are interned, so repeated fork sites cost no memory.
 * Not thread-safe: one per {@link EventBatch}.
 */
final class StackTraces {
    /** Distinct traces kept; past it, traces are still converted but no longer shared. */
    private static final int MAX_SHARED = 1 << 14;

    private final Map<IMCStackTrace, List<StackFrame>> byConstant = new IdentityHashMap<>();
    private final Map<List<StackFrame>, List<StackFrame>> traces = new HashMap<>();
    private final Map<StackFrame, StackFrame> frames = new HashMap<>();

    /** The frames of a trace, innermost first; an empty list for {@code null}. */
    List<StackFrame> convert(Object value) {
        if (!(value instanceof IMCStackTrace trace)) {
            return List.of();
        }
        List<StackFrame> known = byConstant.get(trace);
        if (known != null) {
            return known;
        }
        List<StackFrame> list = new ArrayList<>(trace.getFrames().size());
        for (IMCFrame f : trace.getFrames()) {
            IMCMethod m = f.getMethod();
            if (m == null) {
                continue;
            }
            String type = m.getType() == null ? "?" : m.getType().getFullName();
            Integer line = f.getFrameLineNumber();
            StackFrame frame = new StackFrame(type, String.valueOf(m.getMethodName()), line == null ? -1 : line);
            StackFrame shared = frames.putIfAbsent(frame, frame);
            list.add(shared == null ? frame : shared);
        }
        List<StackFrame> copy = List.copyOf(list);
        List<StackFrame> shared = traces.get(copy);
        if (shared == null) {
            shared = copy;
            if (traces.size() < MAX_SHARED) {
                traces.put(copy, copy);
            }
        }
        if (byConstant.size() < MAX_SHARED) {
            byConstant.put(trace, shared);
        }
        return shared;
    }
}
