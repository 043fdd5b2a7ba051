package io.flowtrace.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a heap that is used up from one that is merely busy: over the last {@link #WINDOW_NANOS}, the collector took
 * at least {@link #GC_SHARE} of the time and every collection left the old generation at least {@link #FULL} full.
 * A command in that state makes no progress (in a 512 MB heap, a diff of two javac runs went on for minutes doing
 * full collections) and the JVM would not say so: Serial GC has no overhead limit.
 */
final class HeapExhaustion {
    static final long WINDOW_NANOS = 15_000_000_000L;
    static final double GC_SHARE = 0.9;
    static final double FULL = 0.9;

    /** A reading: when, the collectors' total time so far, the old generation's occupancy after the last one. */
    private record Sample(long nanos, long gcMillis, double occupancy) {
    }

    /** The readings of the last window and the one just before it, oldest first: a few dozen. */
    private final List<Sample> samples = new ArrayList<>();

    /**
     * Adds a reading and says whether the heap is used up.
     *
     * @param nanos     {@link System#nanoTime()} of the reading
     * @param gcMillis  the time all collectors took since the start, in milliseconds
     * @param occupancy the old generation's used share after its last collection, 0 to 1
     */
    boolean add(long nanos, long gcMillis, double occupancy) {
        samples.add(new Sample(nanos, gcMillis, occupancy));
        while (samples.size() > 2 && nanos - samples.get(1).nanos() >= WINDOW_NANOS) {
            samples.remove(0); // the oldest reading kept is the newest that still spans the window
        }
        Sample first = samples.get(0);
        long span = nanos - first.nanos();
        if (span < WINDOW_NANOS) {
            return false;
        }
        for (Sample s : samples) {
            if (s.occupancy() < FULL) {
                return false;
            }
        }
        return (gcMillis - first.gcMillis()) * 1_000_000.0 >= GC_SHARE * span;
    }
}
