package io.flowtrace.analyzer.read;

import java.util.List;

import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.events.records.CallRecordReader;

/**
 * Consumes the calls of a recording, one thread after the other, each thread's events in sequence order.
 * {@link EventReplay} drives it; the full call-tree builder is one implementation, an aggregating consumer that
 * keeps no tree could be another.
 *
 * <p>Calls for one thread are {@code beginThread}, any number of {@code enter}/{@code exit} and task or
 * checkpoint events at their place between them, then {@code endThread}. Enters and exits need not pair up:
 * enters or exits may be lost. A listener that implements {@link #resumeThread} may also be driven in turns while
 * a recording is streamed: several threads begun, each turn starting with {@code resumeThread}, each thread ended
 * once at the end.
 */
public interface CallListener {
    /**
     * Starts the events of a thread.
     *
     * @param javaThreadId {@link Thread#threadId()} of the thread
     * @param name         name to show, never {@code null}
     * @param virtual      true for a virtual thread
     */
    void beginThread(long javaThreadId, String name, boolean virtual);

    /**
     * A traced method was entered.
     *
     * @param methodId   id of a {@code flowtrace.MethodDefinition}
     * @param startNanos event time in nanoseconds since the epoch
     * @param arguments  rendered arguments joined by {@code U+001F}, or {@code null} when values were not recorded
     */
    void enter(int methodId, long startNanos, String arguments);

    /**
     * Optionally takes an enter with values straight from a call record, instead of {@link #enter} with the
     * rendered arguments: a listener that compares values by their encoding need not have them rendered.
     *
     * @param r          positioned on a {@code CallRecords.ENTER} record
     * @param startNanos event time in nanoseconds since the epoch
     * @return true when taken; false to have it delivered to {@link #enter}
     */
    default boolean enterRecord(CallRecordReader r, long startNanos) {
        return false;
    }

    /**
     * Optionally takes a return with a value straight from a call record, instead of {@link #exit}; only for the
     * innermost open call. See {@link #enterRecord}.
     *
     * @param r        positioned on a {@code CallRecords.RETURN} record of the innermost open call
     * @param endNanos event time in nanoseconds since the epoch
     * @return true when taken; false to have it delivered to {@link #exit}
     */
    default boolean returnRecord(CallRecordReader r, long endNanos) {
        return false;
    }

    /**
     * A call whose enter was not recorded (rotated out with older chunks, or lost in a gap) was open at this
     * point; its exit follows later, and the calls in between were made inside it. Also sent right before an
     * exit that matches no open call, so that listeners need no rule of their own for such exits.
     *
     * @param methodId id of a {@code flowtrace.MethodDefinition}
     */
    void enterLost(int methodId);

    /**
     * A traced method returned or threw.
     *
     * @param methodId  id of a {@code flowtrace.MethodDefinition}
     * @param endNanos  event time in nanoseconds since the epoch
     * @param result    rendered result, {@code null} for void methods, throws and unrecorded values
     * @param exception the exception that escaped, or {@code null} when the method returned
     */
    void exit(int methodId, long endNanos, String result, ExceptionInfo exception);

    /**
     * A traced method threw, and the recording tells which object it threw: the same identity in the calls one
     * exception passed up through, another in an equal exception thrown anew. Without this, {@link #exit} with
     * the exception.
     *
     * @param identity {@link System#identityHashCode} of the thrown object, 0 to 2^32−1
     */
    default void threw(int methodId, long endNanos, ExceptionInfo exception, long identity) {
        exit(methodId, endNanos, null, exception);
    }

    /** Ends the events of the current thread. */
    void endThread();

    /**
     * Makes a thread begun earlier and not yet ended the current one again; the following events are its own.
     *
     * @throws UnsupportedOperationException when this listener takes threads only one after the other
     */
    default void resumeThread(long javaThreadId) {
        throw new UnsupportedOperationException("threads one after the other only");
    }

    /**
     * Work was handed off on this thread ({@code flowtrace.TaskFork}), between the calls around it.
     *
     * @param parentTask the task this thread was running, or 0
     * @param stack      the fork site, innermost frame first; empty when not recorded
     */
    default void taskFork(long task, long parentTask, String kind, String executor, String taskObject, long nanos,
            List<StackFrame> stack) {
    }

    /**
     * The task just forked is a dependent stage (a CompletableFuture's thenApply, thenCombine...) that consumes the
     * outcome of these tasks; 0 for none. Follows its {@link #taskFork}.
     */
    default void taskSources(long task, long source, long otherSource) {
    }

    /** A forked task began to run on this thread. */
    default void taskStart(long task, long nanos) {
    }

    /**
     * A task finished on this thread (or was cancelled before it started).
     *
     * @param outcome {@code value}, {@code exception} or {@code cancelled}
     */
    default void taskEnd(long task, long nanos, String outcome, String result, ExceptionInfo exception) {
    }

    /**
     * This thread waited for a task's outcome.
     *
     * @param startNanos when the wait began
     * @param waitNanos  how long it lasted, or -1
     * @param stack      the join site, innermost frame first; empty when not recorded
     */
    default void taskJoin(long task, String kind, boolean completed, long startNanos, long waitNanos,
            List<StackFrame> stack) {
    }

    /**
     * The program passed a checkpoint on this thread.
     *
     * @param kind {@code point}, {@code beforeAwait} or {@code afterAwait}
     * @param task the task the thread was running, or 0
     */
    default void checkpoint(String label, String kind, long task, long nanos) {
    }
}
