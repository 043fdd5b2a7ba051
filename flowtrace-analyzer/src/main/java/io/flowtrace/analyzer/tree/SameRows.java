package io.flowtrace.analyzer.tree;

import java.util.Arrays;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.RowPairs;

/**
 * {@link CallNode#sameCallAs} of two calls kept as rows, one of store A and one of store B, told from the rows: their
 * fields, and their texts compared where they are kept, without making a node, a string or an argument list for
 * the calls below. Calls kept as rows have no forks, joins, checkpoints or task and their enter was recorded, so
 * what a node would compare is all in the row, but for whether a call's exception passed on to its caller, which
 * the caller's row tells. Not thread-safe; kept by store A for the last store B it was compared with.
 */
final class SameRows {
    private static final int THREW = Outcome.THREW.ordinal();
    /** Longs of {@link #pairs} kept from one comparison to the next at most. */
    private static final int MAX_KEPT_PAIRS = 1 << 22;

    private final CallRows a;
    private final CallRows b;
    /** Pairs to compare: row of A, row of B, and the rows of their callers (-1 for the first pair). */
    private long[] stack = new long[4 * 64];
    /**
     * Pairs of shared rows compared, each compared once. Those of the comparisons that found the same calls are kept
     * for the next ones: a shared call never threw, so whether two are the same does not depend on where they were
     * made.
     */
    private final RowPairs pairs = new RowPairs();
    /** Texts found equal lately: where in A + 1, and where in B; many rows share a text. */
    private final long[] sameTextA = new long[1 << 12];
    private final long[] sameTextB = new long[1 << 12];

    SameRows(CallRows a, CallRows b) {
        this.a = a;
        this.b = b;
    }

    /** The store the rows compared with A's are in. */
    CallRows b() {
        return b;
    }

    /**
     * True when the calls of {@code rowA} of A and {@code rowB} of B are the same call as
     * {@link CallNode#sameCallAs} tells.
     *
     * @param passedOnA whether the exception of the call of {@code rowA} passed on to its caller
     * @param passedOnB the same for {@code rowB}
     */
    boolean same(long rowA, boolean passedOnA, long rowB, boolean passedOnB) {
        if (passedOnA != passedOnB) {
            return false;
        }
        if (compare(rowA, rowB)) {
            return true;
        }
        pairs.clear(); // some of them were not compared to the end
        return false;
    }

    private boolean compare(long rowA, long rowB) {
        if (pairs.longs() > MAX_KEPT_PAIRS) {
            pairs.clear();
        }
        long[] s = stack;
        int top = 0;
        s[top++] = rowA;
        s[top++] = rowB;
        s[top++] = -1;
        s[top++] = -1;
        while (top > 0) {
            long callerB = s[--top];
            long callerA = s[--top];
            long y = s[--top];
            long x = s[--top];
            if (a == b && x == y) {
                continue; // one row: the same calls below
            }
            // a shared row appears many times below: each pair of them is compared once (they never threw, so
            // their callers do not count)
            if (a.isShared(x) && b.isShared(y) && !pairs.add(x, y)) {
                continue;
            }
            int outcome = a.outcomeOf(x);
            int count = a.callCount(x);
            if (outcome != b.outcomeOf(y) || count != b.callCount(y)) {
                return false;
            }
            MethodInfo methodA = a.methodOf(x);
            MethodInfo methodB = b.methodOf(y);
            if (methodA.id() != methodB.id() || !sameArguments(methodA, a.argumentsRef(x), methodB, b.argumentsRef(y))
                    || !sameText(a.resultRef(x), b.resultRef(y))) {
                return false;
            }
            if (outcome == THREW) {
                if (!sameText(a.messageRef(x), b.messageRef(y))) {
                    return false;
                }
                if (callerA >= 0 && passedOn(a, x, callerA) != passedOn(b, y, callerB)) {
                    return false;
                }
            }
            if (count > 0) {
                if (top + 4 * count > s.length) {
                    s = Arrays.copyOf(s, Math.max(s.length * 2, top + 4 * count));
                    stack = s;
                }
                long firstA = a.firstCall(x);
                long firstB = b.firstCall(y);
                for (int k = 0; k < count; k++) {
                    s[top++] = a.calledRow(firstA, k);
                    s[top++] = b.calledRow(firstB, k);
                    s[top++] = x;
                    s[top++] = y;
                }
            }
        }
        return true;
    }

    /**
     * Equal argument lists as the nodes split them: equal texts, the separator between values, but an empty text is
     * no arguments for a method without parameters and one empty argument for others.
     */
    private boolean sameArguments(MethodInfo methodA, long refA, MethodInfo methodB, long refB) {
        if (!sameText(refA, refB)) {
            return false;
        }
        return methodA == methodB || !a.emptyText(refA) || methodA.descriptor().equals(methodB.descriptor())
                || (TreeBuilder.parameterCount(methodA.descriptor()) == 0)
                        == (TreeBuilder.parameterCount(methodB.descriptor()) == 0);
    }

    /** Equal texts of A and of B, remembered for the texts met again. */
    private boolean sameText(long refA, long refB) {
        if (refA < 0 || refB < 0) {
            return refA < 0 && refB < 0;
        }
        int slot = (int) (refA ^ refA >>> 12) & (sameTextA.length - 1);
        if (sameTextA[slot] == refA + 1 && sameTextB[slot] == refB) {
            return true;
        }
        if (!a.sameText(refA, b, refB)) {
            return false;
        }
        sameTextA[slot] = refA + 1;
        sameTextB[slot] = refB;
        return true;
    }

    /**
     * Whether the exception of the call of {@code row}, which threw, passed on to its caller's: the same object
     * where the recording tells objects apart, else an equal exception ({@link CallNode#caughtIn}).
     */
    private static boolean passedOn(CallRows rows, long row, long caller) {
        if (rows.outcomeOf(caller) != THREW) {
            return false; // calls kept as rows ended: their callers' exits were recorded
        }
        long identity = rows.identityOf(row);
        long callerIdentity = rows.identityOf(caller);
        boolean sameType = rows.sameText(rows.resultRef(row), rows, rows.resultRef(caller));
        if (identity != CallNode.NO_IDENTITY && callerIdentity != CallNode.NO_IDENTITY) {
            return identity == callerIdentity && sameType;
        }
        return sameType && rows.sameText(rows.messageRef(row), rows, rows.messageRef(caller));
    }
}
