package io.flowtrace.analyzer.tree;

import java.util.Arrays;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;

/**
 * The calls of a thread open without a node in a {@link SharedTreeBuilder}, by depth, and the rows of the calls they
 * made. The calls they made so far
 * are on one stack, {@link #calls}: those of the open call at depth {@code d} from {@link #callsFrom}{@code (d)} up
 * to the start of the next open call's (or {@link #callsEnd}), with a running hash of them
 * ({@link DistinctCalls#callsHash}). Below them, from 0, the calls without a node that ended at the level of the
 * calls with nodes (depth {@code realDepth - 1}, -1 for the thread's top level), waiting to be put in place.
 */
final class OpenCalls {
    /** The builder's {@code realDepth} and {@code pinnedBelow} for this thread while another one is replayed. */
    int realDepth;
    boolean[] pinnedBelow = new boolean[64];
    int[] methodId = new int[64];
    /** {@link ValueIds} of the arguments, and their text where that is {@link ValueIds#UNKEPT}. */
    int[] arguments = new int[64];
    String[] unkeptArguments = new String[64];
    long[] start = new long[64];
    /** By depth + 1, so that the level below the outermost open call, even the top level, has an entry. */
    private int[] callsStart = new int[65];
    private int[] callsHash = new int[65];
    /**
     * The hash of the calls made so far as {@link CallNode#structuralHash()} folds them, and the factor it takes
     * them by, by depth + 1 like {@link #callsStart}.
     */
    private long[] callsFold = new long[65];
    /** Whether a call made by the open call at each depth has an id of its own, by depth + 1: none is like it. */
    private boolean[] unique = new boolean[65];
    /**
     * Whether the open call at each depth is new, by depth + 1: its arguments, its result or a call it made were seen
     * for the first time while it ran, so that no call that ended before it can be identical to it.
     */
    private boolean[] fresh = new boolean[65];
    private long[] callsFactor = new long[65];
    /** The ids of the calls made ({@link DistinctCalls}), and their rows ({@link CallRows}). */
    int[] calls = new int[256];
    long[] rows = new long[256];
    /** Of each call made: its structural hash (0 while it waits for its caller's end, see {@link #waits}). */
    long[] hashes = new long[256];
    /** Of each call made: the calls below it. */
    long[] below = new long[256];
    /** Of each call made that threw: its exception and which object it was; else null. */
    ExceptionInfo[] thrown = new ExceptionInfo[256];
    long[] identities = new long[256];
    /**
     * Of each call made that threw and waits for its caller's end to know its hash: the hash of what it is, and the
     * factor and fold of the calls it made (see {@link #callsFold}).
     */
    long[] waitingHash = new long[256];
    long[] waitingFactor = new long[256];
    long[] waitingFold = new long[256];
    int callsEnd;

    void open(int depth, int m, int args, long startNanos) {
        if (depth == methodId.length) {
            int n = depth * 2;
            methodId = Arrays.copyOf(methodId, n);
            arguments = Arrays.copyOf(arguments, n);
            unkeptArguments = Arrays.copyOf(unkeptArguments, n);
            start = Arrays.copyOf(start, n);
            callsStart = Arrays.copyOf(callsStart, n + 1);
            callsHash = Arrays.copyOf(callsHash, n + 1);
            callsFold = Arrays.copyOf(callsFold, n + 1);
            unique = Arrays.copyOf(unique, n + 1);
            fresh = Arrays.copyOf(fresh, n + 1);
            callsFactor = Arrays.copyOf(callsFactor, n + 1);
        }
        methodId[depth] = m;
        arguments[depth] = args;
        start[depth] = startNanos;
        callsStart[depth + 1] = callsEnd;
        callsHash[depth + 1] = SharedCalls.NO_CALLS;
        callsFold[depth + 1] = 0;
        callsFactor[depth + 1] = 1;
        unique[depth + 1] = false;
        fresh[depth + 1] = false;
    }

    /** The open call at {@code depth} (-1: the level below the open calls) is new, see {@link #isFresh}. */
    void fresh(int depth) {
        fresh[depth + 1] = true;
    }

    /**
     * Whether the open call at {@code depth} is new: its arguments had a new id when it was entered, its result when
     * it returned, or a call it made was a new kind. No kind that existed when it was entered can then be like it,
     * and no call below it can either (a call below is part of what its caller, and so it, made), so it need not be
     * looked for.
     */
    boolean isFresh(int depth) {
        return fresh[depth + 1];
    }

    /**
     * Whether a call made by the open call at {@code depth} has an id of its own (below 0): then so will it, as no
     * call can be identical to it.
     */
    boolean madeUnique(int depth) {
        return unique[depth + 1];
    }

    void unkeptArguments(int depth, String text) {
        unkeptArguments[depth] = text;
    }

    String unkeptArguments(int depth) {
        return unkeptArguments[depth];
    }

    /** Where the calls made by the open call at {@code depth} start in {@link #calls}. */
    int callsFrom(int depth) {
        return callsStart[depth + 1];
    }

    /** The running hash of the calls made by the open call at {@code depth}. */
    int callsHash(int depth) {
        return callsHash[depth + 1];
    }

    /** The structural hash of the calls made by the open call at {@code depth}, folded as a node folds them. */
    long callsFold(int depth) {
        return callsFold[depth + 1];
    }

    /** What the hash of the open call at {@code depth} is multiplied by before {@link #callsFold} is added. */
    long callsFactor(int depth) {
        return callsFactor[depth + 1];
    }

    /** Adds {@code hash}, the late hash of the call made at {@code position} of {@code count}, to the fold. */
    void foldLate(int depth, long hash, int position, int count) {
        long factor = 1;
        for (int k = position + 1; k < count; k++) {
            factor *= SharedTreeBuilder.CALL_FACTOR;
        }
        callsFold[depth + 1] += hash * factor;
    }

    /**
     * A call made by the open call at {@code depth}, the innermost one, or at the level below the open calls.
     *
     * @param id        its kind, or an id of its own
     * @param hash      its structural hash, 0 while it is not known
     * @param exception what it threw, or null
     * @param callsHash the calls' hash of the open call with this call
     */
    void addCall(int depth, int id, long row, long hash, long callsBelow, ExceptionInfo exception, long identity,
            int callsHash) {
        if (callsEnd == calls.length) {
            int n = callsEnd * 2;
            calls = Arrays.copyOf(calls, n);
            rows = Arrays.copyOf(rows, n);
            hashes = Arrays.copyOf(hashes, n);
            below = Arrays.copyOf(below, n);
            thrown = Arrays.copyOf(thrown, n);
            identities = Arrays.copyOf(identities, n);
            waitingHash = Arrays.copyOf(waitingHash, n);
            waitingFactor = Arrays.copyOf(waitingFactor, n);
            waitingFold = Arrays.copyOf(waitingFold, n);
        }
        int k = callsEnd++;
        calls[k] = id;
        rows[k] = row;
        hashes[k] = hash;
        below[k] = callsBelow;
        thrown[k] = exception;
        identities[k] = identity;
        this.callsHash[depth + 1] = callsHash;
        unique[depth + 1] |= id < 0;
        callsFold[depth + 1] = callsFold[depth + 1] * SharedTreeBuilder.CALL_FACTOR + hash;
        callsFactor[depth + 1] *= SharedTreeBuilder.CALL_FACTOR;
    }

    /** The call made at {@code k} threw: what its hash waits for its caller's end to be finished with. */
    void waiting(int k, long head, long factor, long fold) {
        waitingHash[k] = head;
        waitingFactor[k] = factor;
        waitingFold[k] = fold;
    }

    /** Whether the call made at {@code k} threw and waits for its caller's end to know its structural hash. */
    boolean waits(int k) {
        return thrown[k] != null && hashes[k] == 0;
    }

    /**
     * The innermost open call, at {@code depth}, ended. What it held is left in place, to be overwritten (it is
     * the price of a few stale references up to the deepest point the thread reached, dropped with the thread).
     */
    void close(int depth) {
        callsEnd = callsStart[depth + 1];
    }

    /** All calls made so far got nodes and are in place, and so did the open calls. */
    void closeAll() {
        Arrays.fill(thrown, 0, callsEnd, null);
        callsEnd = 0;
    }
}
