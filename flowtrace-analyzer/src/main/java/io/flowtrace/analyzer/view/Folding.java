package io.flowtrace.analyzer.view;

import java.util.ArrayList;
import java.util.List;

import io.flowtrace.analyzer.model.CallNode;

/** Folds runs of identical consecutive sibling calls into one entry with a count, as in {@code Fib.fib(1) ×3}. */
public final class Folding {
    /**
     * A call shown once that stands for {@code count} identical consecutive calls.
     *
     * @param call  the first call of the run
     * @param count how many identical calls in a row, at least 1
     */
    public record Run(CallNode call, int count) {
    }

    private Folding() {
    }

    /** Each call as its own run, for output that does not fold. */
    public static List<Run> single(List<CallNode> calls) {
        List<Run> runs = new ArrayList<>(calls.size());
        for (CallNode c : calls) {
            runs.add(new Run(c, 1));
        }
        return runs;
    }

    /**
     * Folds identical consecutive calls: same method, arguments, outcome, result and exception, and identical
     * subtrees (compared by {@link CallNode#structuralHash()}, then verified with {@link CallNode#sameCallAs}).
     */
    public static List<Run> fold(List<CallNode> calls) {
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < calls.size()) {
            CallNode first = calls.get(i);
            int j = i + 1;
            while (j < calls.size() && quickSame(first, calls.get(j)) && first.sameCallAs(calls.get(j))) {
                j++;
            }
            runs.add(new Run(first, j - i));
            i = j;
        }
        return runs;
    }

    /** Cheap checks before any subtree is hashed. */
    private static boolean quickSame(CallNode a, CallNode b) {
        return a.method().id() == b.method().id() && a.outcome() == b.outcome()
                && a.children().size() == b.children().size();
    }
}
