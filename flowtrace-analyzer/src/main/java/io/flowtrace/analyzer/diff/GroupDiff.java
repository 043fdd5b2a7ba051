package io.flowtrace.analyzer.diff;

import java.util.List;

/**
 * The calls of one group of A compared with the same group of B. A group is a thread role: the threads whose
 * names are equal once their numbers are normalized ({@link ThreadRoles}). Tasks are not groups of their own: a
 * task is a line ({@link DiffNode#isTask()}) at its fork, in the group of the thread that forked it, with the
 * calls it made below it, as {@code flowtrace tree} draws it.
 *
 * @param kind     what the group is
 * @param label    the name to show: the role, or the thread's name when both sides have one thread of that name
 * @param threadsA names of the group's threads in A (empty when the group is only in B)
 * @param threadsB names of the group's threads in B (empty when the group is only in A)
 * @param ordered  false when several threads of the role were compared as a multiset of their top-level calls
 * @param roots    the group's top-level lines: differences, context and unchanged stretches
 */
public record GroupDiff(Kind kind, String label, List<String> threadsA, List<String> threadsB, boolean ordered,
        List<DiffNode> roots) {
    /** What a group is. */
    public enum Kind {
        /** Threads of one role. */
        THREAD
    }

    public GroupDiff {
        threadsA = List.copyOf(threadsA);
        threadsB = List.copyOf(threadsB);
        roots = List.copyOf(roots);
    }

    /** True when this group holds a difference. */
    public boolean differs() {
        for (DiffNode n : roots) {
            if (n.differs()) {
                return true;
            }
        }
        return false;
    }

    /** True when the group is only in B. */
    public boolean added() {
        return threadsA.isEmpty();
    }

    /** True when the group is only in A. */
    public boolean removed() {
        return threadsB.isEmpty();
    }
}
