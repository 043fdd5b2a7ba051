package io.flowtrace.recorder.runtime;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Tasks that one wait covers: the components of {@code CompletableFuture.allOf/anyOf}, or the subtasks a
 * StructuredTaskScope forked. Waiting for the combined future (or the scope) is a join of each of them, or, for
 * anyOf, of the one that ended first.
 */
final class TaskGroup {
    /** {@code allOf}, {@code anyOf} or {@code scope}. */
    final String kind;
    /** Lock-free: tasks are added on the forking thread while another may be joining. */
    private final ConcurrentLinkedQueue<Member> members = new ConcurrentLinkedQueue<>();

    /** A task of the group, and the future of it that was combined (anyOf: which one completed the whole). */
    static final class Member {
        final TaskInfo task;
        final WeakReference<Object> future;

        Member(TaskInfo task, Object future) {
            this.task = task;
            this.future = new WeakReference<>(future);
        }
    }

    TaskGroup(String kind) {
        this.kind = kind;
    }

    void add(TaskInfo task, Object future) {
        members.add(new Member(task, future));
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    Member[] members() {
        return members.toArray(new Member[0]);
    }

    /** True when waiting for it is a wait for only the first member to end (anyOf). */
    boolean waitsForAny() {
        return kind.equals("anyOf");
    }

    /** The kind of the joins a wait of {@code kind} ({@code join}, {@code get}) records: {@code allOf.join}. */
    String joinKind(String kind) {
        return kind.startsWith("scope") ? kind : this.kind + "." + kind;
    }
}
