package io.flowtrace.analyzer.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.view.AsyncTree;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Folding;

/**
 * What a diff compares, laid out as {@code flowtrace tree} lays it out ({@link AsyncTree}): below a call, the calls
 * it made and the tasks it forked, each task with the calls it made on whichever thread ran it. Joins and
 * checkpoints are not compared, so they are left out here.
 */
final class DiffItems {
    /**
     * A call standing for {@code count} identical calls in a row, or a task at its fork (count 1).
     *
     * @param item  a {@link CallNode} or a {@link TaskInfo}
     * @param count identical calls in a row, at least 1
     */
    record Entry(Object item, int count) {
        /** The call, or {@code null} for a task. */
        CallNode call() {
            return item instanceof CallNode c ? c : null;
        }

        /** The task, or {@code null} for a call. */
        TaskInfo task() {
            return item instanceof TaskInfo t ? t : null;
        }
    }

    private final AsyncTree tree;

    DiffItems(CallFilter filter) {
        this.tree = new AsyncTree(filter);
    }

    CallFilter filter() {
        return tree.filter();
    }

    /** The calls and forks at the top of a thread; empty when the thread is not selected. */
    List<Object> top(ThreadTrace thread) {
        return compared(tree.items(thread));
    }

    /** True when all a thread did is shown under the forks of its tasks, so it has nothing of its own. */
    boolean shownElsewhere(ThreadTrace thread) {
        return tree.isShownElsewhere(thread);
    }

    /**
     * The calls and forks below a call, or the calls of a task shown at its fork (none for a task whose calls stay
     * on the thread that ran it).
     */
    List<Object> below(Object item) {
        return compared(tree.items(item));
    }

    /** True when nothing is compared below the item. */
    boolean isLeaf(Object item) {
        if (item instanceof CallNode c) {
            return c.children().isEmpty() && c.marks().isEmpty();
        }
        return below(item).isEmpty();
    }

    private static List<Object> compared(List<Object> items) {
        // copied: a call read from disk is made anew each time it is asked for, here once
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) {
            if (o instanceof CallNode || o instanceof TaskInfo) {
                out.add(o);
            }
        }
        return out;
    }

    /** Folds runs of identical calls ({@link Folding}); each task is an entry of its own. */
    static List<Entry> fold(List<Object> items) {
        List<Entry> entries = new ArrayList<>(items.size());
        List<CallNode> calls = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof CallNode c) {
                calls.add(c);
                continue;
            }
            foldCalls(calls, entries);
            entries.add(new Entry(o, 1));
        }
        foldCalls(calls, entries);
        return entries;
    }

    private static void foldCalls(List<CallNode> calls, List<Entry> entries) {
        for (Folding.Run run : Folding.fold(calls)) {
            entries.add(new Entry(run.call(), run.count()));
        }
        calls.clear();
    }

    /** Calls and tasks below an item, at any depth: {@code {calls, tasks}}. */
    long[] countBelow(Object item) {
        long[] counts = new long[2];
        Deque<Object> stack = new ArrayDeque<>(below(item));
        while (!stack.isEmpty()) {
            Object o = stack.pop();
            counts[o instanceof CallNode ? 0 : 1]++;
            stack.addAll(below(o));
        }
        return counts;
    }
}
