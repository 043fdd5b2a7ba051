package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the heap watch gives up: only after a whole window of collecting garbage in a full old generation. */
class HeapExhaustionTest {
    private static final long SECOND = 1_000_000_000L;

    /** Readings every half second from 0 to {@code seconds}, the collector taking {@code gcShare} of each. */
    private static boolean feed(HeapExhaustion h, double seconds, double gcShare, double occupancy) {
        boolean exhausted = false;
        for (int i = 0; i <= seconds * 2; i++) {
            exhausted = h.add(i * SECOND / 2, Math.round(i * 500 * gcShare), occupancy);
        }
        return exhausted;
    }

    @Test
    void aWholeWindowOfCollectingInAFullHeapIsExhaustion() {
        assertTrue(feed(new HeapExhaustion(), 15, 0.95, 0.97));
        assertFalse(feed(new HeapExhaustion(), 14.5, 0.95, 0.97), "not before the window has passed");
    }

    @Test
    void aBusyCollectorOrAFullHeapAloneIsNot() {
        assertFalse(feed(new HeapExhaustion(), 60, 0.85, 0.99), "the program still gets a tenth of the time");
        assertFalse(feed(new HeapExhaustion(), 60, 0.99, 0.80), "collections still free a fifth of the old gen");
        assertFalse(feed(new HeapExhaustion(), 60, 0.10, 0.99), "a full heap that is not being collected");
    }

    @Test
    void onlyTheLastWindowCounts() {
        HeapExhaustion h = new HeapExhaustion();
        long gc = 0;
        boolean exhausted = false;
        for (int i = 0; i <= 80; i++) { // 20 s of light collections, then 20 s of nothing but collecting
            gc += i <= 40 ? 50 : 490;
            exhausted = h.add(i * SECOND / 2, gc, i <= 40 ? 0.5 : 0.95);
            if (i == 60) {
                assertFalse(exhausted, "10 s into the thrash");
            }
        }
        assertTrue(exhausted, "15 s into it and more");
    }
}
