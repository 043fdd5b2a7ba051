package io.flowtrace.recorder.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;

/**
 * What the hooks keep per thread; touched only by its own thread, except for its {@link CallBuffer}, which other
 * threads flush.
 */
final class ThreadState {
    /** Thread.isVirtual(), which JDK 17 lacks; null there. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    /** Exits kept while the stack is exhausted; a stack overflow usually loses a handful. */
    static final int MAX_LOST_EXITS = 256;

    /** This thread's call records not yet in the recording; every record takes the next seq of the thread. */
    final CallBuffer calls;
    /** Method of the last enter, for reporting a failure to render one of its arguments. */
    int method;
    /** True while the hooks run on this thread, so that rendering a value never records or recurses. */
    boolean busy;
    /** Whether the thread info event was committed for this thread. */
    boolean described;
    /** Exits a StackOverflowError kept from being recorded, oldest first, until there is stack to record them. */
    int[] lostExitMethods;
    boolean[] lostExitVoid;
    Throwable[] lostExitThrown;
    int lostExits;
    int lostExitsRecorded;
    /**
     * Traced methods that were running on this thread when {@code flowtrace attach} came, outermost first: their
     * enters are recorded, their exits come from no advice (they run the code from before), so each is closed
     * when a later look at the stack finds it gone.
     */
    int[] beforeAttach;
    /** How many of {@link #beforeAttach} are open still. */
    int beforeAttachOpen;
    /** Recorded calls open on this thread; the stack is looked at only when none is (see beforeAttach). */
    int depth;
    /** Innermost fork-API call running on this thread (submit, execute, fork, start...), or null. */
    TaskTracer.Frame frame;
    /** The task this thread is running right now, or null. */
    TaskTracer.Running running;
    /** True while this thread waits in a recorded join, so that joins nested inside it are not recorded twice. */
    boolean joining;
    final WeakReference<Thread> owner;
    /** How often this thread did not find its state in {@link Tracer}'s last one. */
    int missesOfLast;
    /** The states this one belongs to: one per session, so that a frame left from an earlier attach is told apart. */
    final ThreadStates session;

    ThreadState(Thread owner, long nanos, ThreadStates session) {
        this.owner = new WeakReference<>(owner);
        this.session = session;
        this.calls = new CallBuffer(owner, nanos);
    }

    /**
     * The seq for another FlowTrace event of this thread (task event, checkpoint): it is taken by a mark among the
     * call records, so that the thread's seqs stay contiguous. The caller holds the busy guard.
     */
    long takeSeq() {
        return calls.mark(CallClock.now());
    }

    /** Keeps an exit for later; past {@value #MAX_LOST_EXITS} of them the rest are lost (a gap in seq). */
    void loseExit(int method, boolean isVoid, Throwable thrown) {
        if (lostExitMethods == null) {
            lostExitMethods = new int[MAX_LOST_EXITS];
            lostExitVoid = new boolean[MAX_LOST_EXITS];
            lostExitThrown = new Throwable[MAX_LOST_EXITS];
        }
        if (lostExits < MAX_LOST_EXITS) {
            lostExitMethods[lostExits] = method;
            lostExitVoid[lostExits] = isVoid;
            lostExitThrown[lostExits] = thrown;
            lostExits++;
        }
    }

    boolean isOwnerAlive() {
        Thread thread = owner.get();
        return thread != null && thread.isAlive();
    }

    static boolean isVirtual(Thread thread) {
        try {
            return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
