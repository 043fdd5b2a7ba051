package io.flowtrace.analyzer.read;

import java.util.List;

import io.flowtrace.analyzer.model.StackFrame;

/** Payloads of the task and checkpoint events in {@link ThreadColumns}; few compared to calls, so one object each. */
final class TaskEvents {
    private TaskEvents() {
    }

    /**
     * {@code flowtrace.TaskFork}; {@code stack} is shared by all forks from the same site; {@code source} and
     * {@code otherSource} are the stages a dependent stage consumes, 0 for none.
     */
    record Fork(long task, long parentTask, String kind, String executor, String taskObject, List<StackFrame> stack,
            long source, long otherSource) {
    }

    /** {@code flowtrace.TaskStart}. */
    record Start(long task) {
    }

    /** {@code flowtrace.TaskEnd}. */
    record End(long task, String outcome, String result, String exception, String message) {
    }

    /** {@code flowtrace.TaskJoin}; {@code nanos} of its column is when the wait began. */
    record Join(long task, String kind, boolean completed, long waitNanos, List<StackFrame> stack) {
    }

    /** {@code flowtrace.Checkpoint}. */
    record Checkpoint(String label, String kind, long task) {
    }
}
