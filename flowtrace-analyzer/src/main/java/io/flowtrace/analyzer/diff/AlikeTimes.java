package io.flowtrace.analyzer.diff;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.CallTimes;

/**
 * Whether the calls of two placed subtrees of the same shape ({@link CallNode#placed}) took alike times, call by call:
 * what {@code diff --timing} could find below them, found by one scan of their threads' times (numbered in the order
 * the calls ended, so a subtree's calls are a stretch of numbers) instead of a walk that makes every call's node.
 * It remembers the last scan, so that going down to a call whose duration changed does not scan the calls before
 * it again at every level.
 */
final class AlikeTimes {
    private final long thresholdNanos;
    /** The last scan: the two threads' times, and how far B's numbers are from A's. */
    private CallTimes lastA;
    private CallTimes lastB;
    private long lastOffset;
    /** A's numbers found alike by the last scans, from (inclusive) and to (exclusive). */
    private long alikeFrom;
    private long alikeTo;
    /** A number whose durations differ, found by the last scan that failed; -1 for none. */
    private long differsAt = -1;

    AlikeTimes(long thresholdNanos) {
        this.thresholdNanos = thresholdNanos;
    }

    /**
     * True when every call of {@code a}'s subtree (itself included) took a time within the threshold of its
     * counterpart's in {@code b}'s; false when one did not, when either was not placed, or when they have not the
     * same number of calls below. Only meaningful for subtrees of the same calls ({@link CallNode#sameCallAs}).
     */
    boolean alike(CallNode a, CallNode b) {
        CallTimes timesA = a.placedTimes();
        CallTimes timesB = b.placedTimes();
        if (timesA == null || timesB == null) {
            return false;
        }
        long below = timesA.callsBelow(a.withoutTimes());
        if (below < 0 || below != timesB.callsBelow(b.withoutTimes())) {
            return false;
        }
        long to = a.placeNumber();
        long from = to - below;
        long offset = b.placeNumber() - to;
        if (timesA != lastA || timesB != lastB || offset != lastOffset) {
            lastA = timesA;
            lastB = timesB;
            lastOffset = offset;
            alikeFrom = from;
            alikeTo = from;
            differsAt = -1;
        } else if (from >= alikeFrom && to < alikeTo) {
            return true;
        } else if (differsAt >= from && differsAt <= to) {
            return false;
        }
        boolean continues = from >= alikeFrom && from <= alikeTo;
        long start = continues ? alikeTo : from;
        if (!continues) {
            alikeFrom = from;
        }
        for (long i = start; i <= to; i++) {
            if (differ(timesA, i, timesB, i + offset)) {
                alikeTo = i;
                differsAt = i;
                return false;
            }
        }
        alikeTo = to + 1;
        return true;
    }

    /** As the differ compares two calls' durations: by more than the threshold, and only when both are known. */
    private boolean differ(CallTimes timesA, long a, CallTimes timesB, long b) {
        long startA = timesA.startNanos(a);
        long endA = timesA.endNanos(a);
        long startB = timesB.startNanos(b);
        long endB = timesB.endNanos(b);
        if (startA < 0 || endA < 0 || startB < 0 || endB < 0) {
            return false;
        }
        return Math.abs((endA - startA) - (endB - startB)) > thresholdNanos;
    }
}
