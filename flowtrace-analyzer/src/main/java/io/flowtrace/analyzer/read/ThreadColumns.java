package io.flowtrace.analyzer.read;

import java.util.Arrays;

import io.flowtrace.analyzer.model.ExceptionInfo;

/**
 * The enter, exit, task and checkpoint events of one thread, stored column by column in growable primitive arrays
 * so that millions of calls cost a few dozen bytes each and no object per event (task events, being few, have one).
 */
final class ThreadColumns {
    static final byte ENTER = 0;
    static final byte RETURN = 1;
    static final byte THROW = 2;
    /** A task or checkpoint event: its payload is one of {@link TaskEvents}' records, its method is unused. */
    static final byte TASK = 3;
    /**
     * A {@code flowtrace.CallBatch} event: its payload is a {@link RecordBatch}, its seq the seq of its first record
     * not replayed yet, its time that of its first record; its records take the seqs from there on.
     */
    static final byte BATCH = 4;

    /** {@link Thread#threadId()} of the thread. */
    final long threadId;
    /** Thread name as the JFR event thread last named it; may be {@code null} or empty. */
    String name;
    /** True when its calls came from call batches: their times are on the recorder's nanoTime clock until moved. */
    boolean nanoClock;
    int size;
    long[] seq;
    long[] nanos;
    int[] method;
    byte[] kind;
    /**
     * Arguments (enter), result (return), {@link ExceptionInfo} or {@link Thrown} (throw) or a {@link TaskEvents}
     * record (task).
     */
    Object[] payload;

    /** The payload of a throw recorded with the identity of the thrown object. */
    record Thrown(ExceptionInfo exception, long identity) {
    }

    ThreadColumns(long threadId, int capacity) {
        this.threadId = threadId;
        int c = Math.max(capacity, 16);
        seq = new long[c];
        nanos = new long[c];
        method = new int[c];
        kind = new byte[c];
        payload = new Object[c];
    }

    /** Moves the times of calls (not of task events) by {@code offset}, and marks them as moved. */
    void moveCallTimes(long offset) {
        for (int i = 0; i < size; i++) {
            if (kind[i] != TASK) {
                nanos[i] += offset;
            }
            if (kind[i] == BATCH) {
                ((RecordBatch) payload[i]).offset = offset;
            }
        }
        nanoClock = false;
    }

    void add(long seq, long nanos, int method, byte kind, Object payload) {
        if (size == this.seq.length) {
            grow(size + (size >> 1) + 16);
        }
        this.seq[size] = seq;
        this.nanos[size] = nanos;
        this.method[size] = method;
        this.kind[size] = kind;
        this.payload[size] = payload;
        size++;
    }

    private void grow(int capacity) {
        seq = Arrays.copyOf(seq, capacity);
        nanos = Arrays.copyOf(nanos, capacity);
        method = Arrays.copyOf(method, capacity);
        kind = Arrays.copyOf(kind, capacity);
        payload = Arrays.copyOf(payload, capacity);
    }

    void addAll(ThreadColumns other) {
        if (size + other.size > seq.length) {
            grow(size + other.size);
        }
        System.arraycopy(other.seq, 0, seq, size, other.size);
        System.arraycopy(other.nanos, 0, nanos, size, other.size);
        System.arraycopy(other.method, 0, method, size, other.size);
        System.arraycopy(other.kind, 0, kind, size, other.size);
        System.arraycopy(other.payload, 0, payload, size, other.size);
        size += other.size;
    }

    /** Removes the first {@code n} events, keeping the rest in order; frees the arrays' space when all go. */
    void dropFirst(int n) {
        if (n == 0) {
            return;
        }
        int rest = size - n;
        if (rest == 0 && seq.length > 1024) {
            seq = new long[16];
            nanos = new long[16];
            method = new int[16];
            kind = new byte[16];
            payload = new Object[16];
        } else {
            System.arraycopy(seq, n, seq, 0, rest);
            System.arraycopy(nanos, n, nanos, 0, rest);
            System.arraycopy(method, n, method, 0, rest);
            System.arraycopy(kind, n, kind, 0, rest);
            System.arraycopy(payload, n, payload, 0, rest);
            Arrays.fill(payload, rest, size, null);
        }
        size = rest;
    }

    /**
     * Puts the events in sequence order. Chunks arrive in any order and a thread's events may be interleaved
     * inside a chunk, so this is a stable sort by seq; already sorted columns (the usual case) cost one pass.
     */
    void sortBySeq() {
        if (isSorted()) {
            return;
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        sortIndexes(order, seq);
        long[] s = new long[size];
        long[] n = new long[size];
        int[] m = new int[size];
        byte[] k = new byte[size];
        Object[] p = new Object[size];
        for (int i = 0; i < size; i++) {
            int from = order[i];
            s[i] = seq[from];
            n[i] = nanos[from];
            m[i] = method[from];
            k[i] = kind[from];
            p[i] = payload[from];
        }
        seq = s;
        nanos = n;
        method = m;
        kind = k;
        payload = p;
    }

    private boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (seq[i - 1] > seq[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stable, iterative natural merge sort of indexes by their key: finds the ascending runs (one per chunk and
     * parser thread in practice) and merges neighbours until one is left. No boxing, no recursion.
     */
    static void sortIndexes(int[] order, long[] key) {
        int n = order.length;
        int[] bounds = new int[16];
        int runs = 0;
        bounds[runs++] = 0;
        for (int i = 1; i < n; i++) {
            if (key[order[i]] < key[order[i - 1]]) {
                if (runs == bounds.length) {
                    bounds = Arrays.copyOf(bounds, runs * 2);
                }
                bounds[runs++] = i;
            }
        }
        int[] src = order;
        int[] dst = new int[n];
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int lo = bounds[r];
                int mid = r + 1 < runs ? bounds[r + 1] : n;
                int hi = r + 2 < runs ? bounds[r + 2] : n;
                int i = lo;
                int j = mid;
                int out = lo;
                while (i < mid && j < hi) {
                    dst[out++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[out++] = src[i++];
                }
                while (j < hi) {
                    dst[out++] = src[j++];
                }
                bounds[merged++] = lo;
            }
            runs = merged;
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != order) {
            System.arraycopy(src, 0, order, 0, n);
        }
    }
}
