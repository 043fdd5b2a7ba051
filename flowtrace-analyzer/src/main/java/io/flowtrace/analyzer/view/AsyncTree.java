package io.flowtrace.analyzer.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallMark;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.ThreadTrace;

/**
 * The call trees as users read them when work moves between threads: the calls of a forked task are shown under the
 * call that forked it (an async stack), at the place of the fork among that call's calls, with joins and
 * checkpoints at their places too.
 *
 * <p>A task is shown at its fork when its fork was recorded and the fork itself is shown: on a thread the
 * {@link CallFilter} selects, or inside another task shown at its fork. Its calls then leave the thread they ran on;
 * a thread whose calls all moved this way has nothing left to show and is not listed. Without a recorded fork, or
 * when {@code --thread} leaves out the forking thread, a task's calls stay on the thread that ran them.
 *
 * <p>Items are {@link CallNode}s and {@link CallMark}s ({@link TaskInfo} for a fork, {@link TaskJoin},
 * {@link Checkpoint}). Include and exclude apply to calls as in {@link CallFilter}: the items of a hidden call move
 * up, marks included. Tasks the JDK forked on its own ({@link TaskInfo#isJdkInternal()}) are left out.
 */
public final class AsyncTree {
    private final CallFilter filter;
    private final Map<TaskInfo, Boolean> shownAtFork = new HashMap<>();
    /** {@link #countCallsBelow} of shared calls, counted once each. */
    private final Map<CallNode, Long> sharedBelow = new HashMap<>(); // by call: nodes read from disk are made anew

    public AsyncTree(CallFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    public CallFilter filter() {
        return filter;
    }

    /** The items shown at the top of a thread, in order; empty when the thread is not selected. */
    public List<Object> items(ThreadTrace thread) {
        if (!filter.showsThread(thread)) {
            return List.of();
        }
        // a focused call is shown at the top of its own tree even when it is a task's call, shown at its fork
        return lift(thread.roots(), thread.marks(), thread.javaThreadId() == Focus.THREAD_ID);
    }

    /** The items shown below a call, in order. */
    public List<Object> items(CallNode call) {
        if (call.callsBelow() >= 0 && call.marks().isEmpty() && filter.showsAllCalls()) {
            // counted as the tree was built: no task, fork or mark below it, so nothing moves
            return Collections.unmodifiableList(call.children());
        }
        return lift(call.children(), call.marks(), false);
    }

    /** The items shown below a task's line: the calls the task made. */
    public List<Object> items(TaskInfo task) {
        return lift(task.calls(), List.of(), true);
    }

    /** The items shown below an item: those of a call or of a task shown at its fork; none for other marks. */
    public List<Object> items(Object item) {
        if (item instanceof CallNode c) {
            return items(c);
        }
        if (item instanceof TaskInfo t && isShownAtFork(t)) {
            return items(t);
        }
        return List.of();
    }

    /** True when the task's calls are shown under its fork rather than on the thread that ran them. */
    public boolean isShownAtFork(TaskInfo task) {
        // Iterative over the chain of forks: a chain of thousands of dependent stages must not overflow the stack.
        List<TaskInfo> chain = new ArrayList<>();
        Boolean answer = null;
        for (TaskInfo t = task; answer == null; ) {
            Boolean known = shownAtFork.get(t);
            if (known != null) {
                answer = known;
            } else if (!t.isForked() || chain.contains(t)) {
                answer = false;
            } else {
                chain.add(t);
                TaskInfo owner = t.forkCall() == null ? null : t.forkCall().owningTask();
                if (owner == null) {
                    answer = filter.showsThread(t.forkThread());
                } else {
                    t = owner;
                }
            }
        }
        for (TaskInfo t : chain) {
            shownAtFork.put(t, answer);
        }
        return answer;
    }

    /**
     * True when everything the thread did is shown elsewhere: all its top-level calls ran tasks shown at their
     * forks, and nothing else happened outside them. Such a thread is not listed on its own.
     */
    public boolean isShownElsewhere(ThreadTrace thread) {
        for (CallMark m : thread.marks()) {
            if (!isJdkInternal(m)) {
                return false;
            }
        }
        for (CallNode root : thread.roots()) {
            if (!movedToFork(root)) {
                return false;
            }
        }
        return true;
    }

    /** True when a call is shown under its task's fork instead of where it ran. */
    private boolean movedToFork(CallNode call) {
        return call.task() != null && isShownAtFork(call.task());
    }

    /** Number of shown calls below an item, at any depth, tasks shown at their forks included. */
    public long countCallsBelow(Object item) {
        if (item instanceof CallNode c && c.callsBelow() >= 0 && filter.showsAllCalls()) {
            return c.callsBelow(); // counted as the tree was built: no task, fork or hidden call below it
        }
        if (item instanceof CallNode c && c.isShared()) {
            return sharedCallsBelow(c);
        }
        long count = 0;
        Deque<Object> stack = new ArrayDeque<>(items(item));
        while (!stack.isEmpty()) {
            Object o = stack.pop();
            if (o instanceof CallNode c) {
                count++;
                if (c.isShared()) {
                    count += sharedCallsBelow(c);
                    continue;
                }
            }
            stack.addAll(items(o));
        }
        return count;
    }

    /**
     * Shown calls below a shared call ({@link CallNode#isShared()}): the same wherever it appears, and it has no
     * forks below it, so each shared call is counted once, however many millions of calls it stands for.
     */
    private long sharedCallsBelow(CallNode root) {
        Long known = sharedBelow.get(root);
        if (known != null) {
            return known;
        }
        Deque<CallNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            CallNode n = todo.peek();
            if (sharedBelow.containsKey(n)) {
                todo.pop();
                continue;
            }
            List<Object> below = items(n);
            boolean ready = true;
            for (Object o : below) {
                if (o instanceof CallNode c && c.isShared() && !sharedBelow.containsKey(c)) {
                    todo.push(c);
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            long sum = 0;
            for (Object o : below) {
                sum += (o instanceof CallNode ? 1 : 0) + countCallsBelow(o);
            }
            todo.pop();
            sharedBelow.put(n, sum);
        }
        return sharedBelow.get(root);
    }

    /**
     * Merges calls and marks by position, in order, going through hidden calls (their items move up) and leaving
     * out calls shown at their task's fork (unless listing that task's own calls).
     */
    private List<Object> lift(List<CallNode> calls, List<CallMark> marks, boolean taskCalls) {
        boolean all = filter.showsAllCalls();
        if (marks.isEmpty() && all) {
            if (taskCalls || !anyMoved(calls)) {
                return Collections.unmodifiableList(calls);
            }
        }
        List<Object> out = new ArrayList<>(calls.size() + marks.size());
        Deque<Level> stack = new ArrayDeque<>();
        stack.push(new Level(calls, marks));
        boolean top = true;
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            if (level.mark < level.marks.size()
                    && level.marks.get(level.mark).position() <= level.call) {
                addMark(out, level.marks.get(level.mark++));
                continue;
            }
            if (level.call < level.calls.size()) {
                CallNode c = level.calls.get(level.call++);
                if (!(taskCalls && top && c.task() != null) && movedToFork(c)) {
                    continue;
                }
                if (all || filter.showsCall(c)) {
                    out.add(c);
                } else {
                    stack.push(new Level(c.children(), c.marks()));
                    top = false;
                }
                continue;
            }
            while (level.mark < level.marks.size()) {
                addMark(out, level.marks.get(level.mark++));
            }
            stack.pop();
            top = stack.size() == 1;
        }
        return out;
    }

    private static void addMark(List<Object> out, CallMark mark) {
        if (!isJdkInternal(mark)) {
            out.add(mark);
        }
    }

    /** True for the fork or a join of a task the JDK made on its own ({@link TaskInfo#isJdkInternal}). */
    private static boolean isJdkInternal(CallMark mark) {
        return mark instanceof TaskInfo t && t.isJdkInternal()
                || mark instanceof TaskJoin j && j.task().isJdkInternal();
    }

    private boolean anyMoved(List<CallNode> calls) {
        for (CallNode c : calls) {
            if (movedToFork(c)) {
                return true;
            }
        }
        return false;
    }

    /** Calls and marks of one call (or thread, or task) being merged. */
    private static final class Level {
        final List<CallNode> calls;
        final List<CallMark> marks;
        int call;
        int mark;

        Level(List<CallNode> calls, List<CallMark> marks) {
            this.calls = calls;
            this.marks = marks;
        }
    }
}
