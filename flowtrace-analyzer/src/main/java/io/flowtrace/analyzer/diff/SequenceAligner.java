package io.flowtrace.analyzer.diff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aligns two sequences of keys the way {@code diff} aligns lines: which element of A is the same as which element
 * of B, in order, tolerating insertions and deletions on either side.
 *
 * <p>Common prefix and suffix are matched first. What lies between is aligned exactly (longest common
 * subsequence) when its LCS table is small: at most {@value #MAX_EXACT_CELLS} cells and at most
 * {@value #CELLS_PER_ELEMENT} cells per element, so that many calls of this method on the stretches of one list
 * stay linear in its length too. Larger stretches are aligned by a linear greedy walk that, at each mismatch,
 * skips the side where the next equal key is nearer. So long sibling lists cost time and memory linear in their
 * length, at the price of a possibly longer diff than the shortest one.
 */
final class SequenceAligner {
    /** Above this many table cells (4 MB of ints) the greedy walk takes over. */
    static final long MAX_EXACT_CELLS = 1L << 20;
    /** Exact alignment of m and n elements costs m·n; allowing it up to this many times m + n keeps it linear. */
    static final long CELLS_PER_ELEMENT = 512;

    private SequenceAligner() {
    }

    /**
     * Aligns {@code a} with {@code b} by {@link Object#equals}.
     *
     * @return for each index of {@code a}, the index of its match in {@code b}, or -1; matches increase
     */
    static int[] align(List<?> a, List<?> b) {
        int[] match = new int[a.size()];
        Arrays.fill(match, -1);
        int n = a.size();
        int m = b.size();
        int start = 0;
        while (start < n && start < m && a.get(start).equals(b.get(start))) {
            match[start] = start;
            start++;
        }
        int endA = n;
        int endB = m;
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            match[--endA] = --endB;
        }
        int rows = endA - start;
        int cols = endB - start;
        if (rows == 0 || cols == 0) {
            return match;
        }
        long cells = (long) (rows + 1) * (cols + 1);
        if (cells <= MAX_EXACT_CELLS && cells <= CELLS_PER_ELEMENT * (rows + cols) + 4096) {
            exact(a, b, start, endA, start, endB, match);
        } else {
            greedy(a, b, start, endA, start, endB, match);
        }
        return match;
    }

    /** Longest common subsequence by dynamic programming over the suffixes. */
    private static void exact(List<?> a, List<?> b, int fromA, int toA, int fromB, int toB, int[] match) {
        int rows = toA - fromA;
        int cols = toB - fromB;
        int width = cols + 1;
        int[] lcs = new int[(rows + 1) * width];
        for (int i = rows - 1; i >= 0; i--) {
            Object x = a.get(fromA + i);
            for (int j = cols - 1; j >= 0; j--) {
                lcs[i * width + j] = x.equals(b.get(fromB + j)) ? lcs[(i + 1) * width + j + 1] + 1
                        : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < rows && j < cols) {
            if (a.get(fromA + i).equals(b.get(fromB + j))) {
                match[fromA + i] = fromB + j;
                i++;
                j++;
            } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                i++;
            } else {
                j++;
            }
        }
    }

    /**
     * At a mismatch between {@code a[i]} and {@code b[j]}: if {@code a[i]} comes again in B sooner than
     * {@code b[j]} comes again in A, what lies before it in B is taken as added; otherwise {@code a[i]} is taken
     * as removed. Each key's positions are queued once, so the walk is linear.
     */
    private static void greedy(List<?> a, List<?> b, int fromA, int toA, int fromB, int toB, int[] match) {
        Map<Object, ArrayDeque<Integer>> inA = positions(a, fromA, toA);
        Map<Object, ArrayDeque<Integer>> inB = positions(b, fromB, toB);
        int i = fromA;
        int j = fromB;
        while (i < toA && j < toB) {
            Object x = a.get(i);
            Object y = b.get(j);
            if (x.equals(y)) {
                match[i++] = j++;
                continue;
            }
            int p = next(inB.get(x), j);
            int q = next(inA.get(y), i);
            if (p < 0 && q < 0) {
                i++;
                j++;
            } else if (q < 0 || (p >= 0 && p - j <= q - i)) {
                j = p;
            } else {
                i = q;
            }
        }
    }

    private static Map<Object, ArrayDeque<Integer>> positions(List<?> list, int from, int to) {
        Map<Object, ArrayDeque<Integer>> positions = new HashMap<>();
        for (int k = from; k < to; k++) {
            positions.computeIfAbsent(list.get(k), key -> new ArrayDeque<>()).add(k);
        }
        return positions;
    }

    /** The first queued position at or after {@code from}, dropping those before it; -1 when none. */
    private static int next(ArrayDeque<Integer> queue, int from) {
        if (queue == null) {
            return -1;
        }
        while (!queue.isEmpty() && queue.peek() < from) {
            queue.poll();
        }
        return queue.isEmpty() ? -1 : queue.peek();
    }
}
