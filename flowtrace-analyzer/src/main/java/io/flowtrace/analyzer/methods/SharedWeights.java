package io.flowtrace.analyzer.methods;

import java.util.IdentityHashMap;
import java.util.Map;

import io.flowtrace.analyzer.model.CallNode;

/**
 * For each shared call of a tree ({@link CallNode#isShared()}): how many of the nodes that hold it are still to be
 * visited, and the sum of their weights so far. Calls kept on disk are told apart by their row, in a table of longs
 * (a recording of javac has a million of them: a map of nodes holding their arguments did not fit the heap); calls
 * kept in memory by identity.
 */
final class SharedWeights {
    /** Per slot: row + 1 (0: free), holders left, weight so far. */
    private long[] table = new long[3 * 64];
    private int size;
    private final Map<CallNode, long[]> inMemory = new IdentityHashMap<>();

    /** Counts one more holder of {@code call}; true the first time the call is seen. */
    boolean addHolder(CallNode call) {
        long row = call.row();
        if (row < 0) {
            long[] entry = inMemory.get(call);
            if (entry == null) {
                inMemory.put(call, new long[] {1, 0});
                return true;
            }
            entry[0]++;
            return false;
        }
        int i = find(row + 1);
        if (table[3 * i] == 0) {
            table[3 * i] = row + 1;
            table[3 * i + 1] = 1;
            if (++size * 2 > table.length / 3) {
                grow();
            }
            return true;
        }
        table[3 * i + 1]++;
        return false;
    }

    /**
     * Adds a holder's weight to {@code call}'s, a call seen by {@link #addHolder}; returns the sum of all its holders'
     * weights once the last holder is visited, else -1.
     */
    long visitFromHolder(CallNode call, long weight) {
        long row = call.row();
        if (row < 0) {
            long[] entry = inMemory.get(call);
            entry[1] += weight;
            return --entry[0] == 0 ? entry[1] : -1;
        }
        int i = find(row + 1);
        table[3 * i + 2] += weight;
        return --table[3 * i + 1] == 0 ? table[3 * i + 2] : -1;
    }

    /** The slot holding {@code key}, or the free slot where it goes. */
    private int find(long key) {
        int slots = table.length / 3;
        int mask = slots - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long x = table[3 * i];
            if (x == key || x == 0) {
                return i;
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        for (int k = 0; k < old.length; k += 3) {
            if (old[k] != 0) {
                int i = find(old[k]);
                table[3 * i] = old[k];
                table[3 * i + 1] = old[k + 1];
                table[3 * i + 2] = old[k + 2];
            }
        }
    }
}
