package io.flowtrace.analyzer.methods;

import java.util.List;

/**
 * Counts the distinct argument lists of one method, up to a cap, by a 64-bit hash of each list: eight bytes a list
 * rather than the list, so that the table of a recording with millions of distinct calls fits the reader's heap. Two
 * lists that hash alike count once; with 64 bits that is a chance of about n²/2^65 for n lists.
 */
final class DistinctArguments {
    private final int cap;
    /** Open addressing; 0 marks a free slot (a list hashing to 0 is stored as 1). */
    private long[] table = new long[16];
    private int size;
    private boolean capped;

    DistinctArguments(int cap) {
        this.cap = cap;
    }

    /** Counts {@code arguments}; once {@code cap} lists are counted, a new one only marks the count capped. */
    void add(List<String> arguments) {
        long hash = hash(arguments);
        int mask = table.length - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            long x = table[i];
            if (x == hash) {
                return;
            }
            if (x == 0) {
                if (size == cap) {
                    capped = true;
                    return;
                }
                table[i] = hash;
                if (++size * 2 > table.length) {
                    grow();
                }
                return;
            }
        }
    }

    /** Distinct lists counted, at most the cap. */
    int size() {
        return size;
    }

    /** True when more lists than the cap were seen. */
    boolean capped() {
        return capped;
    }

    /** FNV-1a over the chars of each argument, each argument's length before it, so that they cannot run together. */
    private static long hash(List<String> arguments) {
        long h = 0xCBF29CE484222325L;
        for (String argument : arguments) {
            h = (h ^ argument.length()) * 0x100000001B3L;
            for (int i = 0; i < argument.length(); i++) {
                h = (h ^ argument.charAt(i)) * 0x100000001B3L;
            }
        }
        h = (h ^ arguments.size()) * 0x100000001B3L;
        return h == 0 ? 1 : h;
    }

    private static int slot(long hash, int mask) {
        long h = hash * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long x : old) {
            if (x != 0) {
                int i = slot(x, mask);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = x;
            }
        }
    }
}
