package io.flowtrace.analyzer.model;

/**
 * Something that happened inside a call (or on a thread outside any traced call) between the calls it made: a task
 * was forked, a task was joined, a checkpoint was passed. {@link CallNode#marks()} and {@link ThreadTrace#marks()}
 * list them in the order they happened.
 */
public sealed interface CallMark permits TaskInfo, TaskJoin, Checkpoint {
    /**
     * Where it happened among the calls of its call (or the top-level calls of its thread): the number of those
     * calls that had started before it.
     */
    int position();
}
