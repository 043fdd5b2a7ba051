package io.flowtrace.analyzer.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.view.AsyncTree;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Numbers tasks in the order the full async tree shows their forks: thread by thread, depth first. Raw task ids
 * come from a counter that threads race for, so they differ between runs; these numbers do not, as long as the
 * program forks the same work from the same calls.
 */
final class TaskNumbering {
    private TaskNumbering() {
    }

    /** Sets each task's number and returns the tasks in that order; tasks never shown at a fork come last. */
    static List<TaskInfo> number(List<ThreadTrace> threads, Collection<TaskInfo> tasks) {
        if (tasks.isEmpty()) {
            return List.of(); // nothing to number: no need to walk millions of calls
        }
        AsyncTree tree = new AsyncTree(CallFilter.NONE);
        List<TaskInfo> ordered = new ArrayList<>(tasks.size());
        for (ThreadTrace thread : threads) {
            Deque<Iterator<Object>> levels = new ArrayDeque<>();
            levels.push(tree.items(thread).iterator());
            while (!levels.isEmpty()) {
                Iterator<Object> level = levels.peek();
                if (!level.hasNext()) {
                    levels.pop();
                    continue;
                }
                Object item = level.next();
                if (item instanceof CallNode call && call.isShared()) {
                    continue; // a shared call has no fork below it
                }
                if (item instanceof TaskInfo task) {
                    if (task.number() != 0) {
                        continue; // a cycle in damaged data: shown once
                    }
                    ordered.add(task);
                    task.number(ordered.size());
                }
                List<Object> below = tree.items(item);
                if (!below.isEmpty()) {
                    levels.push(below.iterator());
                }
            }
        }
        List<TaskInfo> rest = new ArrayList<>();
        for (TaskInfo t : tasks) {
            if (t.number() == 0) {
                rest.add(t);
            }
        }
        rest.sort(Comparator.comparingLong(TaskInfo::forkNanos).thenComparingLong(TaskInfo::startNanos)
                .thenComparingLong(TaskInfo::id));
        for (TaskInfo t : rest) {
            ordered.add(t);
            t.number(ordered.size());
        }
        return ordered;
    }
}
