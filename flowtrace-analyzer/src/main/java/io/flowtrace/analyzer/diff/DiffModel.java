package io.flowtrace.analyzer.diff;

import java.util.List;

/**
 * The behaviour that differs between two recordings, A and B: one {@link GroupDiff} per thread role found in
 * either, in the order of A then the roles only in B, and the number of calls and tasks added, removed and changed.
 *
 * @param groups       every group compared, including those without differences
 * @param added        calls only in B, counting the calls below them (in tasks too) and folded repeats
 * @param removed      calls only in A, likewise
 * @param changed      calls in both whose arguments, outcome, result, exception, repeat count or duration changed
 * @param tasksAdded   tasks only in B (matched by fork site), counting the tasks forked below them
 * @param tasksRemoved tasks only in A, likewise
 * @param tasksChanged tasks in both whose kind, outcome, result, exception or duration changed
 */
public record DiffModel(List<GroupDiff> groups, long added, long removed, long changed, long tasksAdded,
        long tasksRemoved, long tasksChanged) {
    public DiffModel {
        groups = List.copyOf(groups);
    }

    /** True when the two recordings show the same behaviour (as far as the options compare it). */
    public boolean isEmpty() {
        return added == 0 && removed == 0 && changed == 0 && tasksAdded == 0 && tasksRemoved == 0
                && tasksChanged == 0;
    }

    /**
     * {@code 2 calls added, 1 removed, 3 changed}, then the tasks if any differ, {@code ; 1 task added} (parts that
     * are 0 left out), or {@code no differences}.
     */
    public String summary() {
        if (isEmpty()) {
            return "no differences";
        }
        String calls = counts("call", added, removed, changed);
        String tasks = counts("task", tasksAdded, tasksRemoved, tasksChanged);
        return calls.isEmpty() ? tasks : tasks.isEmpty() ? calls : calls + "; " + tasks;
    }

    private static String counts(String noun, long added, long removed, long changed) {
        StringBuilder sb = new StringBuilder();
        long[] counts = {added, removed, changed};
        String[] words = {"added", "removed", "changed"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append(counts[i]).append(' ').append(noun).append(counts[i] == 1 ? " " : "s ").append(words[i]);
            } else {
                sb.append(", ").append(counts[i]).append(' ').append(words[i]);
            }
        }
        return sb.toString();
    }
}
