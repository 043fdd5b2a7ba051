package io.flowtrace.recorder.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;

/** What the hooks keep per thread; touched only by its own thread, except for the call count read at exit. */
final class ThreadState {
    /** Thread.isVirtual(), which JDK 17 lacks; null there. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    /** Orders this thread's FlowTrace events; enter and exit share it. */
    long seq;
    /** Recorded enters, summed over all threads for the session summary. */
    long calls;
    /** True while the hooks run on this thread, so that rendering a value never records or recurses. */
    boolean busy;
    /** Whether the thread info event was committed for this thread. */
    boolean described;
    final WeakReference<Thread> owner;

    ThreadState(Thread owner) {
        this.owner = new WeakReference<>(owner);
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
