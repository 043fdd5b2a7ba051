package io.flowtrace.analyzer.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.flowtrace.analyzer.diff.DiffItems.Entry;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TaskInfo;

/**
 * One line of a diff: a call (or a folded run of identical calls) of recording A matched with one of recording B,
 * or present in only one of them; likewise a task at its fork ({@link #isTask()}), matched by fork site; or a
 * stretch of unchanged calls and tasks left out.
 *
 * <p>Nodes are built by {@link TraceDiffer} and read-only for users.
 */
public final class DiffNode {
    /** What happened to a call between A and B. */
    public enum Status {
        /** Present in both, and nothing below it changed; {@link #count()} calls in a row. */
        SAME,
        /** Unchanged itself, shown because something below it changed. */
        CONTEXT,
        /**
         * Present in both, and its arguments, outcome, result, exception, count or duration changed (for a task:
         * its kind, outcome, result, exception or duration).
         */
        CHANGED,
        /** Only in B, with everything below it. */
        ADDED,
        /** Only in A, with everything below it. */
        REMOVED
    }

    /** What changed in a {@link Status#CHANGED} call. */
    public enum Change {
        /** The arguments (the call was matched by method and position). */
        ARGS,
        /** How it ended: returned, threw, still running or exit unknown. */
        OUTCOME,
        /** The returned value. */
        RESULT,
        /** The exception's type or message. */
        EXCEPTION,
        /** How many identical calls in a row ({@code ×3 ⇒ ×5}). */
        COUNT,
        /** The duration, by more than the threshold. */
        TIMING,
        /** How a task was handed off ({@code submit ⇒ execute}). */
        KIND
    }

    /** How this call compares. */
    private Status status;
    /** The call in A; {@code null} for an added call, a task or an unchanged stretch. */
    private final CallNode a;
    /** The call in B; {@code null} for a removed call, a task or an unchanged stretch. */
    private final CallNode b;
    /** The task in A; {@code null} for an added task, a call or an unchanged stretch. */
    private final TaskInfo taskA;
    /** The task in B; {@code null} for a removed task, a call or an unchanged stretch. */
    private final TaskInfo taskB;
    /** Identical calls in a row in A (0 when only in B). */
    private final int countA;
    /** Identical calls in a row in B (0 when only in A). */
    private final int countB;
    /** What changed, for a changed call. */
    private Set<Change> changes; // made at the first change: most lines of a diff are unchanged
    /** Lines below this one: differences and context only; unchanged stretches are {@link #unchanged} nodes. */
    private List<DiffNode> children = List.of();
    /** For an unchanged stretch: how many calls it stands for (not counting calls below them). */
    private final long sameCalls;
    /** For an unchanged stretch: how many tasks it stands for (not counting tasks below them). */
    private final long sameTasks;
    /** Two calls known equal in count, method, arguments, outcome, result and exception as recorded. */
    private boolean ownValuesEqual;

    private DiffNode(Status status, Entry a, Entry b, long sameCalls, long sameTasks) {
        this.status = status;
        this.a = a == null ? null : a.call();
        this.taskA = a == null ? null : a.task();
        this.countA = a == null ? 0 : a.count();
        this.b = b == null ? null : b.call();
        this.taskB = b == null ? null : b.task();
        this.countB = b == null ? 0 : b.count();
        this.sameCalls = sameCalls;
        this.sameTasks = sameTasks;
    }

    /** Two calls, or two tasks. */
    static DiffNode matched(Entry a, Entry b) {
        return new DiffNode(Status.SAME, a, b, 0, 0);
    }

    /** Marks two matched calls equal in all but durations, so that the differ compares only those. */
    DiffNode markOwnValuesEqual() {
        ownValuesEqual = true;
        return this;
    }

    boolean ownValuesEqual() {
        return ownValuesEqual;
    }

    static DiffNode added(Entry b) {
        return new DiffNode(Status.ADDED, null, b, 0, 0);
    }

    static DiffNode removed(Entry a) {
        return new DiffNode(Status.REMOVED, a, null, 0, 0);
    }

    static DiffNode unchanged(long calls, long tasks) {
        return new DiffNode(Status.SAME, null, null, calls, tasks);
    }

    public Status status() {
        return status;
    }

    /** True for a stretch of unchanged calls that is left out of the diff, see {@link #sameCalls()}. */
    public boolean isUnchangedStretch() {
        return status == Status.SAME && a == null && b == null && taskA == null && taskB == null;
    }

    /** True for a task at its fork (see {@link #taskA()}, {@link #taskB()}); false for a call. */
    public boolean isTask() {
        return taskA != null || taskB != null;
    }

    /** True when the line is in both A and B. */
    public boolean isMatched() {
        return (a != null || taskA != null) && (b != null || taskB != null);
    }

    /** The task in A, or {@code null} when it is only in B (and for calls and unchanged stretches). */
    public TaskInfo taskA() {
        return taskA;
    }

    /** The task in B, or {@code null} when it is only in A (and for calls and unchanged stretches). */
    public TaskInfo taskB() {
        return taskB;
    }

    /** The task to show for a task line: B's when present, else A's; {@code null} for other lines. */
    public TaskInfo task() {
        return taskB != null ? taskB : taskA;
    }

    /** The call or task of A: {@link #a()} or {@link #taskA()}. */
    Object itemA() {
        return a != null ? a : taskA;
    }

    /** The call or task of B: {@link #b()} or {@link #taskB()}. */
    Object itemB() {
        return b != null ? b : taskB;
    }

    /** The call in A, or {@code null} when it is only in B (and for tasks and unchanged stretches). */
    public CallNode a() {
        return a;
    }

    /** The call in B, or {@code null} when it is only in A (and for tasks and unchanged stretches). */
    public CallNode b() {
        return b;
    }

    /** The call to show for a call line: B's when present, else A's; {@code null} for other lines. */
    public CallNode call() {
        return b != null ? b : a;
    }

    public int countA() {
        return countA;
    }

    public int countB() {
        return countB;
    }

    /** Number of unchanged calls an unchanged stretch stands for; 0 for other nodes. */
    public long sameCalls() {
        return sameCalls;
    }

    /** Number of unchanged tasks an unchanged stretch stands for; 0 for other nodes. */
    public long sameTasks() {
        return sameTasks;
    }

    /** What changed; empty unless {@link Status#CHANGED}. */
    public Set<Change> changes() {
        return changes == null ? Set.of() : Collections.unmodifiableSet(changes);
    }

    /**
     * The lines below this one, in order (below a task: the calls it made); empty for added, removed and unchanged
     * calls and tasks.
     */
    public List<DiffNode> children() {
        return children;
    }

    void change(Change change) {
        if (changes == null) {
            changes = EnumSet.noneOf(Change.class);
        }
        changes.add(change);
        status = Status.CHANGED;
    }

    void children(List<DiffNode> children) {
        this.children = Collections.unmodifiableList(new ArrayList<>(children));
    }

    /** Marks a matched call unchanged in itself as context for the differences below it. */
    void context() {
        if (status == Status.SAME) {
            status = Status.CONTEXT;
        }
    }

    /** True when this line or any below it is a difference. */
    public boolean differs() {
        return status != Status.SAME;
    }
}
