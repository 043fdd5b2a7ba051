package io.flowtrace.analyzer.tree;

import java.util.Arrays;

import io.flowtrace.analyzer.model.CallNode;

/**
 * The calls of a thread open without a node in a {@link SharedTreeBuilder}, by depth. The calls they made so far
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
    /** The ids of the calls made, and the own nodes of those that threw or are of kinds not kept. */
    int[] calls = new int[256];
    CallNode[] callNodes = new CallNode[256];
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
        }
        methodId[depth] = m;
        arguments[depth] = args;
        start[depth] = startNanos;
        callsStart[depth + 1] = callsEnd;
        callsHash[depth + 1] = SharedCalls.NO_CALLS;
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

    /** The node of the call at {@code k} in {@link #calls}. */
    CallNode node(int k, DistinctCalls distinct) {
        CallNode own = callNodes[k];
        return own != null ? own : distinct.node(calls[k]);
    }

    /**
     * A call made by the open call at {@code depth}, the innermost one, or at the level below the open calls.
     *
     * @param node      the call's own node when it threw, else null (its kind's node stands for it)
     * @param callsHash the calls' hash of the open call with this call
     */
    void addCall(int depth, int id, CallNode node, int callsHash) {
        if (callsEnd == calls.length) {
            calls = Arrays.copyOf(calls, callsEnd * 2);
            callNodes = Arrays.copyOf(callNodes, callsEnd * 2);
        }
        calls[callsEnd] = id;
        callNodes[callsEnd++] = node;
        this.callsHash[depth + 1] = callsHash;
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
        Arrays.fill(callNodes, 0, callsEnd, null);
        callsEnd = 0;
    }
}
