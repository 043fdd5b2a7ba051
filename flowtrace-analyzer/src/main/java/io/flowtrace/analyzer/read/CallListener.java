package io.flowtrace.analyzer.read;

import io.flowtrace.analyzer.model.ExceptionInfo;

/**
 * Consumes the calls of a recording, one thread after the other, each thread's events in sequence order.
 * {@link EventReplay} drives it; the full call-tree builder is one implementation, an aggregating consumer that
 * keeps no tree could be another.
 *
 * <p>Calls for one thread are {@code beginThread}, any number of {@code enter}/{@code exit}, then
 * {@code endThread}. Enters and exits need not pair up: enters or exits may be lost.
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

    /** Ends the events of the current thread. */
    void endThread();
}
