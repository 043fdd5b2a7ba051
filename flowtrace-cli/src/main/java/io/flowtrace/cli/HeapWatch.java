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
    private static final long START_MILLIS = 5_000;

    private HeapWatch() {
    }

    /**
     * Starts watching: after {@link #START_MILLIS}, so that a command that ends sooner never loads the management
     * classes (their start is a CLI start-up cost), and only if the JVM has an old generation this can find.
     */
    static void start(String message) {
        Thread watch = new Thread(() -> watch(message), "flowtrace heap watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch(String message) {
        try {
            Thread.sleep(START_MILLIS);
            MemoryPoolMXBean old = oldGeneration();
            if (old == null) {
                return;
            }
            List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
            HeapExhaustion exhaustion = new HeapExhaustion();
            while (true) {
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
                Thread.sleep(PERIOD_MILLIS);
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
