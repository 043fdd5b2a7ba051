package io.flowtrace.analyzer.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.TaskInfo;

/**
 * Builds the part of the call tree a task report reads, in memory that grows with the tasks, forks, joins,
 * checkpoints and open calls rather than with the calls: a finished call with no fork, join or checkpoint in it or
 * below it is dropped from its caller (and from its task's calls) as it ends. What stays: every open call, every
 * call with a mark and the chain of callers to it, and so every async stack.
 *
 * <p>With a predicate for the calls a filter shows, a finished call it shows (or one it shows below a dropped call)
 * is kept once under each call that stays, and once among each task's calls, so that "does this task or stack
 * have a shown call" is answered as on the full tree.
 */
public final class TaskTreeBuilder extends TreeBuilder {
    /** The calls a filter shows, or null when none is asked about. */
    private final Predicate<CallNode> shown;
    /** Tasks one of whose calls was kept only because it shows a call. */
    private final Set<TaskInfo> tasksWithShownCall = new HashSet<>();
    private final Map<Long, Pruning> prunings = new HashMap<>();
    private Pruning pruning;
    /** Per open call: whether a call below it has a mark, so it stays. */
    private boolean[] pinnedBelow;
    /** Per open call: a finished call below it that {@link #shown} shows, dropped with its caller, or null. */
    private CallNode[] shownBelow;
    private long dropped;

    /**
     * @param methods method definitions by id, possibly still filled while events come
     * @param shown   the calls a filter shows, to keep one below each call that stays; null for none
     */
    public TaskTreeBuilder(Map<Integer, MethodInfo> methods, Predicate<CallNode> shown) {
        super(methods);
        this.shown = shown;
    }

    /** Number of finished calls dropped. */
    public long droppedCount() {
        return dropped;
    }

    @Override
    public void beginThread(long javaThreadId, String name, boolean virtual) {
        super.beginThread(javaThreadId, name, virtual);
        save();
        Pruning p = new Pruning();
        prunings.put(javaThreadId, p);
        load(p);
    }

    @Override
    public void resumeThread(long javaThreadId) {
        super.resumeThread(javaThreadId);
        Pruning p = prunings.get(javaThreadId);
        if (p != pruning) {
            save();
            load(p);
        }
    }

    private void save() {
        if (pruning != null) {
            pruning.pinnedBelow = pinnedBelow;
            pruning.shownBelow = shownBelow;
        }
    }

    private void load(Pruning p) {
        pruning = p;
        pinnedBelow = p.pinnedBelow;
        shownBelow = p.shownBelow;
    }

    /** The pruning state of a thread while another thread's events are replayed. */
    private static final class Pruning {
        boolean[] pinnedBelow = new boolean[64];
        CallNode[] shownBelow = new CallNode[64];
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        super.enter(methodId, startNanos, arguments);
        pushed();
    }

    @Override
    public void enterLost(int methodId) {
        super.enterLost(methodId);
        pushed();
    }

    private void pushed() {
        room(depth);
        pinnedBelow[depth - 1] = false;
        shownBelow[depth - 1] = null;
    }

    private void room(int size) {
        if (size > pinnedBelow.length) {
            int n = Math.max(size, pinnedBelow.length * 2);
            pinnedBelow = Arrays.copyOf(pinnedBelow, n);
            shownBelow = Arrays.copyOf(shownBelow, n);
        }
    }

    @Override
    void finished(CallNode done) {
        int d = depth; // done is stack[d]
        room(d + 1);
        CallNode below = shownBelow[d];
        shownBelow[d] = null;
        if (pinnedBelow[d] || !done.marks().isEmpty()) {
            if (d > 0) {
                pinnedBelow[d - 1] = true;
            }
            if (below != null) {
                done.addChild(below);
            }
            return;
        }
        CallNode keep = shown == null ? null : shown.test(done) ? done : below;
        TaskInfo task = done.task();
        if (task != null && keep != null && tasksWithShownCall.add(task)) {
            if (keep != done) {
                done.addChild(keep);
            }
            return; // the one call of its task kept to say it has a shown call
        }
        if (keep != null && d > 0 && shownBelow[d - 1] == null) {
            shownBelow[d - 1] = keep;
        }
        if (task != null) {
            task.removeLastCall(done);
        }
        if (d == 0) {
            roots.remove(roots.size() - 1);
        } else {
            stack[d - 1].removeLastChild(done);
        }
        dropped++;
    }

    @Override
    public void endThread() {
        for (int i = 0; i < depth; i++) {
            if (shownBelow[i] != null) {
                stack[i].addChild(shownBelow[i]);
            }
        }
        long id = thread.javaThreadId();
        super.endThread();
        prunings.remove(id);
        pruning = null;
        pinnedBelow = null;
        shownBelow = null;
    }
}
