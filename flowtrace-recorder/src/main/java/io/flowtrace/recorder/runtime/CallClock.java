package io.flowtrace.recorder.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the times of call records come from. {@code System.nanoTime()} costs 30–140 ns on the machines we measured,
 * more than the rest of a traced call, so by default a daemon thread publishes it every {@value #TICK_MILLIS} ms
 * and a call reads that: call times and durations have about 1 ms resolution, and a call shorter than that usually
 * shows 0 ms. {@code timing=exact} reads {@code System.nanoTime()} for every record instead. The same thread
 * flushes every thread's call buffer each second, so that calls of blocked threads reach the recording.
 */
public final class CallClock {
    static final int TICK_MILLIS = 1;
    static final int FLUSH_MILLIS = 1000;

    private static volatile long coarse = System.nanoTime();
    /** Set once before the hooks are installed, which publishes it. */
    private static boolean exact;

    private CallClock() {
    }

    /** The time for a record now, on the {@code System.nanoTime()} clock. */
    static long now() {
        return exact ? System.nanoTime() : coarse;
    }

    /**
     * Starts the clock thread.
     *
     * @param exactTiming read {@code System.nanoTime()} per record; the thread then only flushes
     * @param flush       run every {@value #FLUSH_MILLIS} ms
     * @return the clock thread; interrupting it stops the clock (a detach)
     */
    public static Thread start(boolean exactTiming, Runnable flush) {
        exact = exactTiming;
        coarse = System.nanoTime();
        Thread thread = new Thread(() -> run(exactTiming, flush), "flowtrace-clock");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run(boolean exactTiming, Runnable flush) {
        long tick = TimeUnit.MILLISECONDS.toNanos(exactTiming ? FLUSH_MILLIS : TICK_MILLIS);
        long nextFlush = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            coarse = now;
            if (now - nextFlush >= 0) {
                nextFlush = now + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
                try {
                    flush.run();
                } catch (Throwable e) {
                    // the next round tries again; the program must go on
                }
            }
        }
    }
}
