package io.flowtrace.analyzer.tree;

import java.util.Arrays;


/**
 * The distinct calls of an aggregated tree as int columns, for the calls that end before anything needs their node:
 * a call is its method id, its argument and result ids ({@link ValueIds}; an exception is a negative result id) and
 * the ids of the calls it made, in order. Finding an identical earlier call then compares a few ints, and only the
 * first call of each kind gets a row ({@link CallRows}), kept here. Calls that threw are kept as kinds too, so that
 * their callers can be compared, but keep no node: each of them has its own. Bounded: once it holds
 * {@value #MAX_KINDS} kinds, new ones are not kept (their calls keep nodes of their own and are not shared).
 */
final class DistinctCalls {
    /** Kinds kept at most: in a recording whose calls hardly repeat, keeping every kind would only add memory. */
    static final int MAX_KINDS = 1 << 20;

    private final int maxKinds;

    // a kind's fields side by side, not a column each: finding it reads one or two cache lines rather than six
    /** Per kind: method, argument id, result id, hash, start and count of its calls in {@link #calls}. */
    private int[] kinds = new int[INTS << 10];
    private static final int INTS = 6;
    private static final int METHOD = 0;
    private static final int ARGUMENTS = 1;
    private static final int RESULT = 2;
    private static final int HASH = 3;
    private static final int CALLS_START = 4;
    private static final int CALLS_COUNT = 5;
    /**
     * Per kind: the row that stands for its calls ({@link CallRows}, -1 for calls that threw), their structural
     * hash and the calls below each.
     */
    private long[] rows = new long[LONGS << 10];
    private static final int LONGS = 3;
    private static final int ROW = 0;
    private static final int ROW_HASH = 1;
    private static final int BELOW = 2;
    private int size;
    /** The calls made by each distinct call, one run per call. */
    private int[] calls = new int[1 << 12];
    private int callsEnd;
    /** The hash in the high half, id + 1 in the low half, by hash, open addressing; 0 is a free slot. */
    private long[] table = new long[1 << 11];

    /** @param maxKinds kinds kept at most, {@link #MAX_KINDS} but in tests */
    DistinctCalls(int maxKinds) {
        this.maxKinds = maxKinds;
    }

    /** The hash of a call: its method, argument and result ids, and {@code callsHash} of the calls it made. */
    static int hash(int method, int arguments, int result, int callsHash) {
        int h = (((method * 31 + arguments) * 31 + result) * 31 + callsHash) * 0x9E3779B9; // ids are small ints
        return h ^ (h >>> 16);
    }

    /** The hash of the calls made so far, {@code soFar}, with a call of {@link #hash} {@code h} made next. */
    static int callsHash(int soFar, int h) {
        return soFar * 31 + h;
    }

    /**
     * The id of a call identical to this one, or -1 when there is none yet.
     *
     * @param h     its {@link #hash}
     * @param made  the ids of the calls it made are {@code made[from, from + count)}
     */
    int find(int h, int m, int args, int res, int[] made, int from, int count) {
        int mask = table.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return -1;
            }
            int id = (int) slot - 1;
            if ((int) (slot >>> 32) == h) {
                int[] k = kinds;
                int at = id * INTS;
                if (k[at + METHOD] == m && k[at + ARGUMENTS] == args && k[at + RESULT] == res
                        && k[at + CALLS_COUNT] == count && sameCalls(k[at + CALLS_START], made, from, count)) {
                    return id;
                }
            }
        }
    }

    /** A loop rather than Arrays.equals: most calls made a few calls or none, too few for its vectorized stub. */
    private boolean sameCalls(int start, int[] made, int from, int count) {
        int[] c = calls;
        for (int k = 0; k < count; k++) {
            if (c[start + k] != made[from + k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a call {@link #find} did not find; returns its id, or -1 when no more kinds are kept.
     *
     * @param shared    the row that stands for all calls of this kind; -1 for a call that threw
     * @param rowHash   the structural hash of the calls of this kind
     * @param callsBelow the calls below each call of this kind
     */
    int add(int h, int m, int args, int res, int[] made, int from, int count, long shared, long rowHash,
            long callsBelow) {
        if (size == maxKinds) {
            return -1;
        }
        if (size * INTS == kinds.length) {
            kinds = Arrays.copyOf(kinds, kinds.length * 2);
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        if (callsEnd + count > calls.length) {
            calls = Arrays.copyOf(calls, Math.max(calls.length * 2, callsEnd + count));
        }
        int id = size++;
        int at = id * INTS;
        kinds[at + METHOD] = m;
        kinds[at + ARGUMENTS] = args;
        kinds[at + RESULT] = res;
        kinds[at + HASH] = h;
        kinds[at + CALLS_START] = callsEnd;
        kinds[at + CALLS_COUNT] = count;
        int r = id * LONGS;
        rows[r + ROW] = shared;
        rows[r + ROW_HASH] = rowHash;
        rows[r + BELOW] = callsBelow;
        System.arraycopy(made, from, calls, callsEnd, count);
        callsEnd += count;
        insert(id);
        if (size * 2 > table.length) {
            table = new long[table.length * 2];
            for (int i = 0; i < size; i++) {
                insert(i);
            }
        }
        return id;
    }

    /** Whether no more kinds are kept. */
    boolean full() {
        return size == maxKinds;
    }

    /** The row of the calls of kind {@code id}; -1 for calls that threw. */
    long row(int id) {
        return rows[id * LONGS + ROW];
    }

    /** The structural hash of the calls of kind {@code id}. */
    long rowHash(int id) {
        return rows[id * LONGS + ROW_HASH];
    }

    /** The calls below each call of kind {@code id}. */
    long below(int id) {
        return rows[id * LONGS + BELOW];
    }

    private void insert(int id) {
        int mask = table.length - 1;
        int h = kinds[id * INTS + HASH];
        int i = h & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = (long) h << 32 | (id + 1);
    }
}
