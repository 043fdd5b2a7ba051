package io.flowtrace.analyzer.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.CallListener;
import io.flowtrace.analyzer.read.EventReplay;
import io.flowtrace.analyzer.read.RecordedEvents;
import io.flowtrace.events.EventNames;

/**
 * Builds the full call tree of every thread from replayed events; this is where a method exit becomes a finished
 * {@link CallNode}. Iterative, with an explicit stack, so recursion of any depth works.
 *
 * <ul>
 * <li>An enter opens a node below the innermost open call (or as a root).
 * <li>An exit finishes the innermost open call of the same method. Open calls above it had no recorded exit
 * (e.g. a constructor that threw) and end as {@link Outcome#UNKNOWN}.
 * <li>A call whose enter was lost is opened by {@link #enterLost}, where {@link EventReplay} found it must have
 * started; it ends with {@link CallNode#enterLost()} set. An exit that still matches no open call becomes a
 * finished node at the current position.
 * <li>Calls still open when the thread's events end stay {@link Outcome#RUNNING}.
 * </ul>
 */
public final class CallTreeBuilder implements CallListener {
    private final Map<Integer, MethodInfo> methods;
    private final Map<Integer, MethodInfo> unknownMethods = new HashMap<>();
    private final List<ThreadTrace> threads = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long callCount;

    private long threadId;
    private String threadName;
    private boolean threadVirtual;
    private List<CallNode> roots;
    private CallNode[] stack = new CallNode[64];
    private int depth;

    /** @param methods method definitions by id; ids missing here show as {@link MethodInfo#unknown(int)} */
    public CallTreeBuilder(Map<Integer, MethodInfo> methods) {
        this.methods = methods;
    }

    /**
     * Replays merged events through a new builder and assembles the result.
     *
     * @param readWarnings warnings of the reading step (such as truncation), listed first
     * @param truncated    whether the file was cut short
     */
    public static TraceData buildTrace(RecordedEvents events, List<String> readWarnings, boolean truncated) {
        CallTreeBuilder builder = new CallTreeBuilder(events.methods());
        EventReplay replay = new EventReplay();
        replay.replay(events, builder);
        List<String> warnings = new ArrayList<>(readWarnings);
        warnings.addAll(replay.warnings());
        warnings.addAll(builder.warnings());
        return new TraceData(builder.threads(), events.methods(), warnings, truncated, events.hasFlowTraceEvents(),
                builder.callCount(), events.command());
    }

    @Override
    public void beginThread(long javaThreadId, String name, boolean virtual) {
        threadId = javaThreadId;
        threadName = name;
        threadVirtual = virtual;
        roots = new ArrayList<>();
        depth = 0;
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        MethodInfo method = method(methodId);
        CallNode parent = depth == 0 ? null : stack[depth - 1];
        CallNode node = new CallNode(method, splitArguments(method, arguments), parent, startNanos, false);
        attach(parent, node);
        push(node);
    }

    private void push(CallNode node) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = node;
    }

    @Override
    public void enterLost(int methodId) {
        CallNode parent = depth == 0 ? null : stack[depth - 1];
        CallNode node = new CallNode(method(methodId), null, parent, -1, true);
        attach(parent, node);
        push(node);
    }

    @Override
    public void exit(int methodId, long endNanos, String result, ExceptionInfo exception) {
        int match = depth - 1;
        while (match >= 0 && stack[match].method().id() != methodId) {
            match--;
        }
        if (match < 0) {
            CallNode parent = depth == 0 ? null : stack[depth - 1];
            CallNode node = new CallNode(method(methodId), null, parent, -1, true);
            attach(parent, node);
            finish(node, endNanos, result, exception);
            return;
        }
        while (depth - 1 > match) {
            stack[--depth].finish(Outcome.UNKNOWN, -1, null, null);
            stack[depth] = null;
        }
        finish(stack[--depth], endNanos, result, exception);
        stack[depth] = null;
    }

    @Override
    public void endThread() {
        Arrays.fill(stack, 0, depth, null); // open calls stay RUNNING
        depth = 0;
        threads.add(new ThreadTrace(threadName, threadId, threadVirtual, roots));
        roots = null;
    }

    /** Threads in the order they were replayed. */
    public List<ThreadTrace> threads() {
        return threads;
    }

    /** Number of call nodes built. */
    public long callCount() {
        return callCount;
    }

    /** One line per method id that had no definition. */
    public List<String> warnings() {
        return warnings;
    }

    private void attach(CallNode parent, CallNode node) {
        callCount++;
        if (parent == null) {
            roots.add(node);
        } else {
            parent.addChild(node);
        }
    }

    private static void finish(CallNode node, long endNanos, String result, ExceptionInfo exception) {
        if (exception != null) {
            node.finish(Outcome.THREW, endNanos, null, exception);
        } else {
            node.finish(Outcome.RETURNED, endNanos, result, null);
        }
    }

    private MethodInfo method(int id) {
        MethodInfo m = methods.get(id);
        if (m != null) {
            return m;
        }
        return unknownMethods.computeIfAbsent(id, i -> {
            warnings.add("method id " + i + " has no definition in the recording (shown as "
                    + MethodInfo.unknown(i).displayName() + ")");
            return MethodInfo.unknown(i);
        });
    }

    /**
     * Splits rendered arguments on {@link EventNames#ARGUMENT_SEPARATOR}, keeping empty values; the descriptor
     * tells a call without parameters from one whose single argument rendered as an empty string.
     */
    static List<String> splitArguments(MethodInfo method, String joined) {
        if (joined == null) {
            return null;
        }
        if (joined.isEmpty() && parameterCount(method.descriptor()) == 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(4);
        int from = 0;
        for (int i = joined.indexOf(EventNames.ARGUMENT_SEPARATOR); i >= 0;
                i = joined.indexOf(EventNames.ARGUMENT_SEPARATOR, from)) {
            values.add(joined.substring(from, i));
            from = i + 1;
        }
        values.add(joined.substring(from));
        return List.copyOf(values);
    }

    /** Number of parameters in a JVM method descriptor; -1 when it cannot be parsed (e.g. an unknown method). */
    static int parameterCount(String descriptor) {
        if (descriptor.isEmpty() || descriptor.charAt(0) != '(') {
            return -1;
        }
        int count = 0;
        int i = 1;
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            if (c == '[') {
                i++;
                continue;
            }
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            }
            count++;
            i++;
        }
        return count;
    }
}
