package io.flowtrace.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * A daemon thread of the CLI's process that ends it with the one-line out-of-memory message when the heap is used up
 * ({@link HeapExhaustion}) instead of letting it collect garbage for minutes: the JVM throws OutOfMemoryError only
 * when a collection frees nothing, and a command whose data nearly fills the heap crawls on long before that.
 */
final class HeapWatch {
    private static final long PERIOD_MILLIS = 500;

    private HeapWatch() {
    }

    /** Starts watching, unless the JVM has no old generation this can find (then nothing happens). */
    static void start(String message) {
        MemoryPoolMXBean old = oldGeneration();
        if (old == null) {
            return;
        }
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        Thread watch = new Thread(() -> watch(old, collectors, message), "flowtrace heap watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch(MemoryPoolMXBean old, List<GarbageCollectorMXBean> collectors, String message) {
        HeapExhaustion exhaustion = new HeapExhaustion();
        try {
            while (true) {
                Thread.sleep(PERIOD_MILLIS);
                long gcMillis = 0;
                for (GarbageCollectorMXBean collector : collectors) {
                    gcMillis += Math.max(0, collector.getCollectionTime());
                }
                MemoryUsage after = old.getCollectionUsage();
                double occupancy = after == null || after.getMax() <= 0 ? 0 : (double) after.getUsed() / after.getMax();
                if (exhaustion.add(System.nanoTime(), gcMillis, occupancy)) {
                    System.err.println(message);
                    System.err.flush();
                    System.exit(ExitCodes.FAILURE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heap pool that collections promote into: "Tenured Gen" (Serial), "G1 Old Gen", "PS Old Gen". */
    private static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                return pool;
            }
        }
        return null;
    }
}
