package io.flowtrace.analyzer.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.flowtrace.analyzer.model.CallNode;

/**
 * One line of a diff: a call (or a folded run of identical calls) of recording A matched with one of recording B,
 * or present in only one of them, or a stretch of unchanged calls left out.
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
        /** Present in both, and its arguments, outcome, result, exception, count or duration changed. */
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
        TIMING
    }

    /** How this call compares. */
    private Status status;
    /** The call in A; {@code null} for an added call or an unchanged stretch. */
    private final CallNode a;
    /** The call in B; {@code null} for a removed call or an unchanged stretch. */
    private final CallNode b;
    /** Identical calls in a row in A (0 when only in B). */
    private final int countA;
    /** Identical calls in a row in B (0 when only in A). */
    private final int countB;
    /** What changed, for a changed call. */
    private final Set<Change> changes = EnumSet.noneOf(Change.class);
    /** Lines below this one: differences and context only; unchanged stretches are {@link #unchanged} nodes. */
    private List<DiffNode> children = List.of();
    /** For an unchanged stretch: how many calls it stands for (not counting calls below them). */
    private final long sameCalls;

    private DiffNode(Status status, CallNode a, int countA, CallNode b, int countB, long sameCalls) {
        this.status = status;
        this.a = a;
        this.countA = countA;
        this.b = b;
        this.countB = countB;
        this.sameCalls = sameCalls;
    }

    static DiffNode matched(CallNode a, int countA, CallNode b, int countB) {
        return new DiffNode(Status.SAME, a, countA, b, countB, 0);
    }

    static DiffNode added(CallNode b, int countB) {
        return new DiffNode(Status.ADDED, null, 0, b, countB, 0);
    }

    static DiffNode removed(CallNode a, int countA) {
        return new DiffNode(Status.REMOVED, a, countA, null, 0, 0);
    }

    static DiffNode unchanged(long calls) {
        return new DiffNode(Status.SAME, null, 0, null, 0, calls);
    }

    public Status status() {
        return status;
    }

    /** True for a stretch of unchanged calls that is left out of the diff, see {@link #sameCalls()}. */
    public boolean isUnchangedStretch() {
        return status == Status.SAME && a == null;
    }

    /** The call in A, or {@code null} when it is only in B (and for an unchanged stretch). */
    public CallNode a() {
        return a;
    }

    /** The call in B, or {@code null} when it is only in A (and for an unchanged stretch). */
    public CallNode b() {
        return b;
    }

    /** The call to show for this line: B's when present, else A's. */
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

    /** What changed; empty unless {@link Status#CHANGED}. */
    public Set<Change> changes() {
        return Collections.unmodifiableSet(changes);
    }

    /** The lines below this one, in order; empty for added, removed and unchanged calls. */
    public List<DiffNode> children() {
        return children;
    }

    void change(Change change) {
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
