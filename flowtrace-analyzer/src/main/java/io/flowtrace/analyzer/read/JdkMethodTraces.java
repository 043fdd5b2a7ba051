package io.flowtrace.analyzer.read;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.MethodInfo;

/**
 * Calls recorded by the JDK's own method tracing (JEP 520, JDK 25+: {@code -XX:StartFlightRecording:method-trace=...}
 * or {@code jdk.MethodTrace#filter=...}): each {@code jdk.MethodTrace} event is one finished call with its method,
 * thread, start and duration, and a stack trace when those were recorded. There are no arguments, results or
 * exceptions. The calls of each thread are nested by time, and by the depth of their stacks where times alone do
 * not tell (calls at the same instant); a truncated stack is not used.
 *
 * <p>Kept whole until the end of the read: the tree is built from them only when the recording turns out to have no
 * FlowTrace events (a recording with both uses FlowTrace's).
 */
public final class JdkMethodTraces {
    /** The {@code jdk.MethodTrace} event type. */
    public static final String EVENT = "jdk.MethodTrace";
    /** What a tree built from these lacks, said once with the other notes of a read. */
    public static final String NO_VALUES = "values not recorded by JDK method tracing (jdk.MethodTrace events): "
            + "calls show no arguments, results or exceptions";

    /** One call: its method's key in {@link #methods}, its thread, its times, its stack depth or -1. */
    private record Call(int method, long threadId, long start, long end, int depth) {
    }

    private final Map<String, MethodInfo> methods = new LinkedHashMap<>();
    private final Map<Long, String> threadNames = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    /**
     * Adds a call.
     *
     * @param depth frames in its stack trace, or -1 when none was recorded or it was truncated
     */
    synchronized void add(long threadId, String threadName, long startNanos, long durationNanos, String className,
            String name, String descriptor, int modifiers, int depth) {
        if (startNanos < 0) {
            return;
        }
        String key = className + '.' + name + descriptor;
        MethodInfo m = methods.get(key);
        if (m == null) {
            m = new MethodInfo(methods.size() + 1, className, name, descriptor, List.of(), modifiers);
            methods.put(key, m);
        }
        if (threadName != null || !threadNames.containsKey(threadId)) {
            threadNames.put(threadId, threadName == null ? "thread #" + threadId : threadName);
        }
        calls.add(new Call(m.id(), threadId, startNanos, startNanos + Math.max(0, durationNanos), depth));
    }

    /** Takes in the calls of another collection. */
    synchronized void addAll(JdkMethodTraces other) {
        Map<Integer, Integer> ids = new HashMap<>();
        for (Map.Entry<String, MethodInfo> e : other.methods.entrySet()) {
            MethodInfo m = methods.get(e.getKey());
            if (m == null) {
                MethodInfo o = e.getValue();
                m = new MethodInfo(methods.size() + 1, o.className(), o.name(), o.descriptor(), List.of(),
                        o.modifiers());
                methods.put(e.getKey(), m);
            }
            ids.put(e.getValue().id(), m.id());
        }
        other.threadNames.forEach((id, n) -> threadNames.merge(id, n, (old, latest) -> latest));
        for (Call c : other.calls) {
            calls.add(new Call(ids.get(c.method()), c.threadId(), c.start(), c.end(), c.depth()));
        }
    }

    /** True when no {@code jdk.MethodTrace} event was read. */
    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The traced methods by id, as the calls replayed refer to them. */
    public Map<Integer, MethodInfo> methods() {
        Map<Integer, MethodInfo> byId = new HashMap<>();
        methods.values().forEach(m -> byId.put(m.id(), m));
        return byId;
    }

    /**
     * Replays the calls as enters and exits, one thread after the other in the order of their first call, each
     * thread's nested by time (a call inside another's span, and deeper in the stack when both stacks are known,
     * is a call it made).
     */
    public void replay(CallListener listener) {
        Map<Long, List<Call>> byThread = new LinkedHashMap<>();
        calls.sort(Comparator.comparingLong(Call::start));
        for (Call c : calls) {
            byThread.computeIfAbsent(c.threadId(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Long, List<Call>> thread : byThread.entrySet()) {
            List<Call> list = thread.getValue();
            // the outer of two calls that start together is the longer one, or the one less deep in the stack
            list.sort(Comparator.comparingLong(Call::start).thenComparing(Comparator.comparingLong(Call::end)
                    .reversed()).thenComparingInt(Call::depth));
            listener.beginThread(thread.getKey(), threadNames.get(thread.getKey()), false);
            Deque<Call> open = new ArrayDeque<>();
            for (Call c : list) {
                while (!open.isEmpty() && !inside(c, open.peek())) {
                    Call done = open.pop();
                    listener.exit(done.method(), done.end(), null, null);
                }
                listener.enter(c.method(), c.start(), null);
                open.push(c);
            }
            while (!open.isEmpty()) {
                Call done = open.pop();
                listener.exit(done.method(), done.end(), null, null);
            }
            listener.endThread();
        }
    }

    private static boolean inside(Call c, Call outer) {
        boolean deeper = c.depth() < 0 || outer.depth() < 0 || c.depth() > outer.depth();
        return c.start() >= outer.start() && c.end() <= outer.end() && deeper;
    }
}
