package io.flowtrace.analyzer.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;

/**
 * {@code tree --focus}: the subtrees rooted at the calls of one method, each as a tree of its own named by the path
 * of its callers ({@code main › Main.compile › JavaCompiler.compile}), so a big trace can be entered where it matters.
 * A match inside another match is shown within it, not again; a shared call (one node for many identical calls) is
 * shown once, with the number of places it was made.
 */
public final class Focus {
    /** The thread id of a focused call's pseudo-thread: its call is shown there even when it ran a task. */
    public static final long THREAD_ID = Long.MIN_VALUE;
    /** Callers named in a path at most; the outer ones are left out with {@code …}. */
    static final int MAX_PATH = 6;

    private Focus() {
    }

    /**
     * The trace with one pseudo-thread per focused call, its name the path to it; empty threads when nothing
     * matches. Threads the filter leaves out are not searched.
     */
    public static TraceData of(TraceData trace, MethodPattern pattern, CallFilter filter) {
        Objects.requireNonNull(pattern, "pattern");
        List<ThreadTrace> focused = new ArrayList<>();
        Map<CallNode, int[]> places = new IdentityHashMap<>();
        Map<CallNode, String> paths = new IdentityHashMap<>();
        List<CallNode> order = new ArrayList<>();
        for (ThreadTrace thread : trace.threads()) {
            if (!filter.showsThread(thread)) {
                continue;
            }
            record Visit(CallNode node, int depth) {
            }
            Deque<Visit> todo = new ArrayDeque<>();
            List<CallNode> path = new ArrayList<>();
            for (int i = thread.roots().size() - 1; i >= 0; i--) {
                todo.push(new Visit(thread.roots().get(i), 0));
            }
            while (!todo.isEmpty()) {
                Visit visit = todo.pop();
                path.subList(visit.depth(), path.size()).clear();
                CallNode node = visit.node();
                if (pattern.matches(node.method())) {
                    int[] count = places.get(node);
                    if (count == null) {
                        places.put(node, new int[] {1});
                        paths.put(node, path(thread, path));
                        order.add(node);
                    } else {
                        count[0]++;
                    }
                    continue; // a match below a match is shown inside it
                }
                path.add(node);
                List<CallNode> children = node.children();
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(new Visit(children.get(i), visit.depth() + 1));
                }
            }
        }
        for (CallNode node : order) {
            int count = places.get(node)[0];
            String name = paths.get(node) + (count > 1 ? "  (×" + count + " places)" : "");
            focused.add(new ThreadTrace(name, THREAD_ID, false, List.of(node)));
        }
        return new TraceData(focused, trace.methods(), trace.warnings(), trace.truncated(),
                trace.hasFlowTraceEvents(), trace.callCount(), trace.command(), trace.tasks(), trace.checkpoints(),
                trace.liveThreads());
    }

    /** {@code main › Main.main › Main.compile}, the outer callers cut to {@code …} past {@value #MAX_PATH}. */
    private static String path(ThreadTrace thread, List<CallNode> callers) {
        StringBuilder sb = new StringBuilder(thread.name());
        int from = Math.max(0, callers.size() - MAX_PATH);
        if (from > 0) {
            sb.append(" › …");
        }
        for (int i = from; i < callers.size(); i++) {
            sb.append(" › ").append(callers.get(i).method().displayName());
        }
        return sb.toString();
    }
}
