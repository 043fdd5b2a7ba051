package io.flowtrace.analyzer.diff;

import java.util.List;

/**
 * The behaviour that differs between two recordings, A and B: one {@link GroupDiff} per thread role found in
 * either, in the order of A then the roles only in B, and the number of calls added, removed and changed.
 *
 * @param groups  every group compared, including those without differences
 * @param added   calls only in B, counting the calls below them and folded repeats
 * @param removed calls only in A, likewise
 * @param changed calls in both whose arguments, outcome, result, exception, repeat count or duration changed
 */
public record DiffModel(List<GroupDiff> groups, long added, long removed, long changed) {
    public DiffModel {
        groups = List.copyOf(groups);
    }

    /** True when the two recordings show the same behaviour (as far as the options compare it). */
    public boolean isEmpty() {
        return added == 0 && removed == 0 && changed == 0;
    }

    /** {@code 2 calls added, 1 removed, 3 changed} (parts that are 0 left out), or {@code no differences}. */
    public String summary() {
        if (isEmpty()) {
            return "no differences";
        }
        StringBuilder sb = new StringBuilder();
        long[] counts = {added, removed, changed};
        String[] words = {"added", "removed", "changed"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append(counts[i]).append(counts[i] == 1 ? " call " : " calls ").append(words[i]);
            } else {
                sb.append(", ").append(counts[i]).append(' ').append(words[i]);
            }
        }
        return sb.toString();
    }
}
