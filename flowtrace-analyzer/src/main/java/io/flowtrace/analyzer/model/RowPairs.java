package io.flowtrace.analyzer.model;

/**
 * A set of pairs of rows of two stores, as two numbers each in one table of longs (a million pairs without a million
 * objects): the calls that a comparison of two readings has already compared.
 */
public final class RowPairs {
    private static final int FIRST_LONGS = 2 << 10;

    /** Row of A + 1 and row of B at each slot; 0 for a free slot. */
    private long[] table = new long[FIRST_LONGS];
    private int size;

    /** Adds the pair; false when it was there. Rows are 0 or more. */
    public boolean add(long rowA, long rowB) {
        long keyA = rowA + 1;
        int mask = (table.length >> 1) - 1;
        for (int i = slot(keyA, rowB, mask); ; i = (i + 1) & mask) {
            long x = table[2 * i];
            if (x == 0) {
                table[2 * i] = keyA;
                table[2 * i + 1] = rowB;
                if (++size * 4 > table.length) { // over half of the slots
                    grow();
                }
                return true;
            }
            if (x == keyA && table[2 * i + 1] == rowB) {
                return false;
            }
        }
    }

    /** The longs the table takes: its memory, over 8. */
    public int longs() {
        return table.length;
    }

    public void clear() {
        if (size > 0) {
            table = new long[FIRST_LONGS];
            size = 0;
        }
    }

    private static int slot(long keyA, long rowB, int mask) {
        long h = (keyA * 0x9E3779B97F4A7C15L) ^ (rowB * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ h >>> 32) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = (table.length >> 1) - 1;
        for (int k = 0; k < old.length; k += 2) {
            if (old[k] != 0) {
                int i = slot(old[k], old[k + 1], mask);
                while (table[2 * i] != 0) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = old[k];
                table[2 * i + 1] = old[k + 1];
            }
        }
    }
}
