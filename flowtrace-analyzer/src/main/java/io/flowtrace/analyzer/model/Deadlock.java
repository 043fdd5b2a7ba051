package io.flowtrace.analyzer.model;

import java.util.List;

/**
 * A cycle of threads each waiting for a lock the next one holds, as the JVM found it when it took the last thread
 * dump of the recording ({@code Found one Java-level deadlock} in {@code jcmd Thread.print}): monitors and
 * {@code java.util.concurrent} locks (ownable synchronizers) alike.
 *
 * @param waits each thread of the cycle with the lock it waits for; the holder of each lock is the next thread
 */
public record Deadlock(List<Wait> waits) {
    public Deadlock {
        waits = List.copyOf(waits);
    }

    /**
     * One thread of the cycle.
     *
     * @param thread   the waiting thread's name
     * @param waitsFor the lock it waits for, as a thread dump names it: {@code <0x...> (a java.lang.Object)}
     * @param heldBy   the name of the thread that holds that lock
     */
    public record Wait(String thread, String waitsFor, String heldBy) {
    }

    /** The lock {@code thread} holds that another thread of the cycle waits for, or null. */
    public String heldBy(String thread) {
        for (Wait wait : waits) {
            if (wait.heldBy().equals(thread)) {
                return wait.waitsFor();
            }
        }
        return null;
    }
}
