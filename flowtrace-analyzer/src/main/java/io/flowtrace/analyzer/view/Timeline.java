package io.flowtrace.analyzer.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallMark;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;

/**
 * The calls of a recording as a timeline: one track per thread with the calls where they ran (not moved to their
 * forks, unlike {@link AsyncTree}), each task's run on its thread as a {@link TaskRun} around the calls it made,
 * and forks, joins and checkpoints at their places.
 *
 * <p>Include and exclude apply as in {@link CallFilter}: the items of a hidden call move up. To keep a big
 * recording loadable, at most {@code maxCalls} calls are kept, whole levels first (breadth before depth): the
 * calls of the top {@link #keptLevels()} levels, the deeper ones left out with their items moved up. Tasks, forks,
 * joins and checkpoints are always kept. Tasks the JDK forked on its own ({@link TaskInfo#isJdkInternal()}) are
 * left out.
 *
 * <p>A task's run spans its items from first to last; a task that started on the same thread before another's run
 * ended ran inside it (a dependent stage run on its source's completion); a task that made no traced call goes where
 * it started among its thread's calls ({@link TaskInfo#runPosition()}).
 */
public final class Timeline {
    /** A task's run on the thread that ran it, around the items of that run. */
    public record TaskRun(TaskInfo task, List<Object> items) {
    }

    /** A call left out (hidden or deeper than kept) that was a top-level call of a task: it places the task's run. */
    private record Anchor(CallNode call) {
    }

    /** Where a task that made no traced call ran: it places the task's run. */
    private record IdleRun(TaskInfo task) {
    }

    private final CallFilter filter;
    /** Tasks without traced calls, by the call (or thread) that was open where they ran. */
    private final Map<Object, List<TaskInfo>> idleTasks = new IdentityHashMap<>();
    /** Levels of calls kept entirely; -1 when even the top-level calls are more than the limit. */
    private final int keptLevels;
    /** Top-level calls still to keep when {@link #keptLevels} is -1. */
    private long rootBudget;
    /** Calls of the shown threads that the filter shows. */
    private final long shownCalls;
    /** Of those, the calls kept within the limit. */
    private final long keptCalls;
    /** The earliest and latest times of the recording, nanoseconds since the epoch. */
    private final long firstNanos;
    private final long lastNanos;
    /** Shown calls with a start and an end, and those of them with no duration. */
    private final long timedCalls;
    private final long zeroDurationCalls;

    /**
     * Lays out a recording.
     *
     * @param trace    the recording
     * @param filter   which threads and calls; its depth does not apply
     * @param maxCalls the most calls to keep, at least 1
     * @throws IllegalArgumentException when {@code maxCalls < 1}
     */
    public Timeline(TraceData trace, CallFilter filter, long maxCalls) {
        Objects.requireNonNull(trace, "trace");
        this.filter = Objects.requireNonNull(filter, "filter");
        if (maxCalls < 1) {
            throw new IllegalArgumentException("invalid maxCalls " + maxCalls + ": must be at least 1");
        }
        for (TaskInfo t : trace.tasks()) {
            if (t.runThread() != null && t.calls().isEmpty() && !t.isJdkInternal()) {
                Object where = t.runParent() != null ? t.runParent() : t.runThread();
                idleTasks.computeIfAbsent(where, k -> new ArrayList<>()).add(t);
            }
        }
        idleTasks.values().forEach(list -> list.sort(Comparator.comparingLong(TaskInfo::startNanos)));
        Scan scan = new Scan();
        for (ThreadTrace thread : trace.threads()) {
            scan.thread(thread, filter.showsThread(thread));
        }
        for (TaskInfo t : trace.tasks()) {
            scan.time(t.forkNanos());
            scan.time(t.startNanos());
            scan.time(t.endNanos());
            for (TaskJoin j : t.joins()) {
                scan.time(j.endNanos());
            }
        }
        for (Checkpoint c : trace.checkpoints()) {
            scan.time(c.nanos());
        }
        this.firstNanos = scan.first == Long.MAX_VALUE ? 0 : scan.first;
        this.lastNanos = Math.max(firstNanos, scan.last);
        this.timedCalls = scan.timed;
        this.zeroDurationCalls = scan.zero;
        long total = 0;
        int levels = 0;
        for (int d = 0; d < scan.levels; d++) {
            if (total + scan.perLevel[d] > maxCalls) {
                break;
            }
            total += scan.perLevel[d];
            levels++;
        }
        this.shownCalls = scan.shown;
        if (levels == 0 && scan.levels > 0) {
            this.keptLevels = -1;
            this.rootBudget = maxCalls;
            this.keptCalls = maxCalls;
        } else {
            this.keptLevels = levels;
            this.keptCalls = total;
        }
    }

    /** Shown calls in the recording (before the limit). */
    public long shownCalls() {
        return shownCalls;
    }

    /** Calls kept: all shown ones, or those within the limit. */
    public long keptCalls() {
        return keptCalls;
    }

    /** True when calls were left out to stay within the limit. */
    public boolean isCut() {
        return keptCalls < shownCalls;
    }

    /** The levels of calls kept entirely; 0 when even the top-level calls were more than the limit. */
    public int keptLevels() {
        return Math.max(0, keptLevels);
    }

    /** The earliest time in the recording, nanoseconds since the epoch. */
    public long firstNanos() {
        return firstNanos;
    }

    /** The latest time in the recording: where calls and tasks still running end. */
    public long lastNanos() {
        return lastNanos;
    }

    /** Shown calls with a known start and end. */
    public long timedCalls() {
        return timedCalls;
    }

    /** Shown calls that started and ended at the same recorded time: a sign of coarse timing. */
    public long zeroDurationCalls() {
        return zeroDurationCalls;
    }

    /** True when the thread has a track. */
    public boolean showsThread(ThreadTrace thread) {
        return filter.showsThread(thread);
    }

    /**
     * True when a task's run is on the timeline: it started on a shown thread and is not the JDK's own. Its first
     * run (on {@link TaskInfo#runThread()}) is then an item of that thread's track.
     */
    public boolean showsRun(TaskInfo task) {
        return task.runThread() != null && !task.isJdkInternal() && filter.showsThread(task.runThread());
    }

    /**
     * The items at the top of a thread's track, in order: {@link CallNode}s, {@link TaskRun}s, and marks
     * ({@link TaskInfo} for a fork, {@link TaskJoin}, {@link Checkpoint}). Must be asked for in track order, one
     * thread after the other, as kept top-level calls are counted when over the limit.
     */
    public List<Object> items(ThreadTrace thread) {
        return group(flatten(thread.roots(), thread.marks(), idleTasks.get(thread), 0), null, null);
    }

    /**
     * The items below a call, in order.
     *
     * @param level the call's level: 0 for a top-level call
     * @param task  the task the call ran in ({@link CallNode#owningTask()}, known to a caller walking the track),
     *              or {@code null}
     */
    public List<Object> items(CallNode call, int level, TaskInfo task) {
        return group(flatten(call.children(), call.marks(), idleTasks.get(call), level + 1), call, task);
    }

    private boolean keeps(CallNode call, int level) {
        if (!filter.showsCall(call)) {
            return false;
        }
        if (keptLevels >= 0) {
            return level < keptLevels;
        }
        if (level == 0 && rootBudget > 0) {
            rootBudget--;
            return true;
        }
        return false;
    }

    /** Calls, marks and idle tasks in order, the items of calls left out in their place. */
    private List<Object> flatten(List<CallNode> calls, List<CallMark> marks, List<TaskInfo> idle, int level) {
        List<Object> out = new ArrayList<>();
        Deque<Level> stack = new ArrayDeque<>();
        stack.push(new Level(calls, marks, idle));
        while (!stack.isEmpty()) {
            Level l = stack.peek();
            CallNode next = l.call < l.calls.size() ? l.calls.get(l.call) : null;
            CallMark mark = l.mark < l.marks.size() && (next == null || l.marks.get(l.mark).position() <= l.call)
                    ? l.marks.get(l.mark) : null;
            if (l.idle.hasNext() && idleFirst(l.idle.peek(), l.call, mark, next)) {
                out.add(new IdleRun(l.idle.next()));
            } else if (mark != null) {
                l.mark++;
                addMark(out, mark);
            } else if (next != null) {
                l.call++;
                if (keeps(next, level)) {
                    out.add(next);
                } else {
                    if (next.task() != null) {
                        out.add(new Anchor(next));
                    }
                    stack.push(new Level(next.children(), next.marks(), idleTasks.get(next)));
                }
            } else {
                stack.pop();
            }
        }
        return out;
    }

    /**
     * True when a task that ran here without traced calls comes before the next mark or call: by its place among the
     * calls when known, and by time (the mark's and its own are of one clock) among marks at the same place.
     */
    private static boolean idleFirst(TaskInfo idle, int calls, CallMark mark, CallNode next) {
        int position = idle.runPosition();
        if (position >= 0) {
            if (position > calls) {
                return next == null && mark == null;
            }
            return mark == null || nanos(mark) < 0 || idle.startNanos() <= nanos(mark);
        }
        long nextNanos = mark != null ? nanos(mark) : next != null ? next.startNanos() : Long.MAX_VALUE;
        return nextNanos < 0 || idle.startNanos() <= nextNanos;
    }

    /** When a mark happened, as drawn: the fork, the end of the wait, the checkpoint; -1 when unknown. */
    private static long nanos(CallMark mark) {
        if (mark instanceof TaskInfo fork) {
            return fork.forkNanos();
        }
        if (mark instanceof TaskJoin join) {
            return join.endNanos();
        }
        return ((Checkpoint) mark).nanos();
    }

    private static void addMark(List<Object> out, CallMark mark) {
        if (!(mark instanceof TaskInfo t && t.isJdkInternal() || mark instanceof TaskJoin j
                && j.task().isJdkInternal())) {
            out.add(mark);
        }
    }

    /**
     * Puts the items of each task that ran here (other than {@code own}, the task the container belongs to) into a
     * {@link TaskRun}: from its first item to its last, as the thread did nothing else while running it.
     */
    private List<Object> group(List<Object> items, CallNode container, TaskInfo own) {
        Map<TaskInfo, Integer> lastIndex = new IdentityHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            TaskInfo task = taskOf(items.get(i), container, own);
            if (task != null) {
                lastIndex.put(task, i);
            }
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            TaskInfo task = taskOf(item, container, own);
            if (task == null) {
                if (!(item instanceof Anchor) && !(item instanceof IdleRun)) {
                    out.add(item);
                }
                continue;
            }
            int last = lastIndex.get(task);
            // a task that started before this one ended ran inside it (a dependent stage run on completion)
            while (last + 1 < items.size()) {
                TaskInfo next = taskOf(items.get(last + 1), container, own);
                if (next == null || next == task || !startedWithin(next, task)) {
                    break;
                }
                last = Math.max(last + 1, lastIndex.get(next));
            }
            out.add(new TaskRun(task, group(items.subList(i, last + 1), container, task)));
            i = last;
        }
        return out;
    }

    private static boolean startedWithin(TaskInfo inner, TaskInfo outer) {
        boolean running = outer.outcome() == TaskOutcome.RUNNING || outer.endNanos() < 0;
        return inner.startNanos() >= 0 && outer.startNanos() >= 0 && inner.startNanos() >= outer.startNanos()
                && (running || inner.startNanos() < outer.endNanos()) && outer.runs() <= 1;
    }

    /** The task an item ran in when it is not {@code own}, or {@code null}. */
    private static TaskInfo taskOf(Object item, CallNode container, TaskInfo own) {
        TaskInfo task = own;
        CallNode call = item instanceof CallNode c ? c : item instanceof Anchor a ? a.call() : null;
        if (call != null) {
            // only calls left out lie between an item and its container: a short walk
            for (CallNode n = call; n != null && n != container; n = n.parent()) {
                if (n.task() != null) {
                    task = n.task();
                    break;
                }
            }
        } else if (item instanceof IdleRun r) {
            task = r.task();
        } else if (item instanceof Checkpoint c) {
            task = c.task();
        } else if (item instanceof TaskInfo fork) {
            task = fork.parent();
        }
        return task == own || task != null && task.isJdkInternal() ? null : task;
    }

    /** Calls and marks of one call (or thread) being merged, with the tasks that ran there without calls. */
    private static final class Level {
        final List<CallNode> calls;
        final List<CallMark> marks;
        final PeekingIterator idle;
        int call;
        int mark;

        Level(List<CallNode> calls, List<CallMark> marks, List<TaskInfo> idle) {
            this.calls = calls;
            this.marks = marks;
            this.idle = new PeekingIterator(idle == null ? List.<TaskInfo>of().iterator() : idle.iterator());
        }
    }

    private static final class PeekingIterator {
        private final Iterator<TaskInfo> it;
        private TaskInfo next;

        PeekingIterator(Iterator<TaskInfo> it) {
            this.it = it;
            this.next = it.hasNext() ? it.next() : null;
        }

        boolean hasNext() {
            return next != null;
        }

        TaskInfo peek() {
            return next;
        }

        TaskInfo next() {
            TaskInfo t = next;
            next = it.hasNext() ? it.next() : null;
            return t;
        }
    }

    /** One pass over the calls: shown calls per level, the recording's time span, and zero-length calls. */
    private final class Scan {
        long[] perLevel = new long[16];
        int levels;
        long shown;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long timed;
        long zero;

        void time(long nanos) {
            if (nanos >= 0) {
                first = Math.min(first, nanos);
                last = Math.max(last, nanos);
            }
        }

        void thread(ThreadTrace thread, boolean shownThread) {
            for (CallMark m : thread.marks()) {
                markTime(m);
            }
            Deque<Iterator<CallNode>> stack = new ArrayDeque<>();
            Deque<Integer> levelOf = new ArrayDeque<>();
            stack.push(thread.roots().iterator());
            levelOf.push(0);
            while (!stack.isEmpty()) {
                Iterator<CallNode> it = stack.peek();
                if (!it.hasNext()) {
                    stack.pop();
                    levelOf.pop();
                    continue;
                }
                CallNode c = it.next();
                int level = levelOf.peek();
                time(c.startNanos());
                time(c.endNanos());
                for (CallMark m : c.marks()) {
                    markTime(m);
                }
                int below = level;
                if (shownThread && filter.showsCall(c)) {
                    count(level);
                    below = level + 1;
                    if (c.startNanos() >= 0 && c.endNanos() >= 0) {
                        timed++;
                        if (c.endNanos() == c.startNanos()) {
                            zero++;
                        }
                    }
                }
                if (c.childCount() > 0 || !c.marks().isEmpty()) {
                    stack.push(c.children().iterator());
                    levelOf.push(below);
                }
            }
        }

        private void markTime(CallMark m) {
            if (m instanceof TaskJoin j) {
                time(j.endNanos());
            } else if (m instanceof Checkpoint c) {
                time(c.nanos());
            } else if (m instanceof TaskInfo t) {
                time(t.forkNanos());
            }
        }

        private void count(int level) {
            if (level >= perLevel.length) {
                perLevel = java.util.Arrays.copyOf(perLevel, Math.max(level + 1, perLevel.length * 2));
            }
            perLevel[level]++;
            levels = Math.max(levels, level + 1);
            shown++;
        }
    }
}
