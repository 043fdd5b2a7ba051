package io.flowtrace.analyzer.tree;

import java.util.List;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Outcome;

/**
 * Hash-consing of finished calls: the first of several identical calls is kept, later ones are replaced by it, so an
 * aggregated tree holds each distinct call once however often it ran ({@code fib(3)} below every {@code fib(5)} is
 * one node). Calls are compared shallowly: method, arguments and result, and the very same (shared) nodes below, in
 * order; identity of the calls below makes this exact without walking subtrees. Calls below that are not shared
 * (they threw, say) are compared in full ({@link CallNode#sameCallAs}). This is for calls that end with a node of
 * their own; those that end before they need one are found faster by int ids ({@link DistinctCalls}), apart (a
 * call of one kind and an identical one of the other keep a node each; the output is the same).
 *
 * <p>Only calls that returned, whose enter was recorded, and that the caller found free of tasks, forks, joins and
 * checkpoints are shared. A call that threw is not: where its exception was caught depends on its callers; but
 * the call that caught it, having returned, is.
 */
final class SharedCalls {
    /** Distinct calls kept at most; beyond it, new distinct calls are no longer shared (they stay as they are). */
    private static final int MAX_SHARED = 1 << 20;

    /** The calls' hash of no calls, here and in {@link DistinctCalls}. */
    static final int NO_CALLS = 1;

    // The kept calls in an open-addressing table, with what a lookup compares first, so that it stays in arrays.
    private CallNode[] table = new CallNode[1 << 10];
    private int[] hashes = new int[1 << 10];
    private int[] methods = new int[1 << 10];
    private Object[] arguments = new Object[1 << 10];
    private String[] results = new String[1 << 10];
    private int size;

    /** The hash of an argument list, as the calls' hash takes it. */
    private static int argumentsHash(List<String> arguments) {
        return Objects.hashCode(arguments);
    }

    /** The hash of calls made so far, {@code soFar}, with {@code call} made next; start from {@link #NO_CALLS}. */
    private static int callsHash(int soFar, CallNode call) {
        return soFar * 31 + Long.hashCode(call.structuralHash()); // cached: computed once per node
    }

    /**
     * The node to keep in the tree for a call that just finished, free of tasks, forks, joins and checkpoints: an
     * identical earlier one, or the call itself.
     */
    CallNode intern(CallNode call) {
        if (call.outcome() != Outcome.RETURNED || call.enterLost()) {
            return call;
        }
        int callsHash = NO_CALLS;
        for (int i = 0; i < call.childCount(); i++) {
            callsHash = callsHash(callsHash, call.child(i));
        }
        int argumentsHash = argumentsHash(call.arguments());
        CallNode same = find(call.method().id(), call.arguments(), argumentsHash, call.result(), call, callsHash);
        if (same != null) {
            return same;
        }
        add(call, argumentsHash, callsHash);
        return call;
    }

    /**
     * The shared node of a call that returned, or null when none was kept yet.
     *
     * @param call      has the calls it made, whose {@link #callsHash} is {@code callsHash}
     */
    private CallNode find(int method, List<String> args, int argumentsHash, String result, CallNode call,
            int callsHash) {
        int hash = hash(method, argumentsHash, result, callsHash);
        int mask = table.length - 1;
        for (int i = hash & mask; table[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && methods[i] == method && same(arguments[i], args) && same(results[i], result)
                    && sameCalls(table[i], call)) {
                return table[i];
            }
        }
        return null;
    }

    /** Keeps a call that returned, and that {@link #find} did not find, as the shared node of its kind. */
    private void add(CallNode call, int argumentsHash, int callsHash) {
        if (size == MAX_SHARED) {
            return;
        }
        int hash = hash(call.method().id(), argumentsHash, call.result(), callsHash);
        int mask = table.length - 1;
        int i = hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        put(i, call, hash);
        call.markShared();
        if (++size * 2 > table.length) {
            grow();
        }
    }

    private void put(int i, CallNode call, int hash) {
        table[i] = call;
        hashes[i] = hash;
        methods[i] = call.method().id();
        arguments[i] = call.arguments();
        results[i] = call.result();
    }

    private static int hash(int method, int argumentsHash, String result, int callsHash) {
        int h = method;
        h = h * 31 + argumentsHash;
        h = h * 31 + Objects.hashCode(result);
        h = h * 31 + callsHash;
        return h ^ (h >>> 16);
    }

    /** Equal values, the same instance most of the time: the reader hands on one String per distinct value. */
    private static boolean same(Object a, Object b) {
        return a == b || a != null && a.equals(b);
    }

    private static boolean sameCalls(CallNode kept, CallNode call) {
        int count = kept.childCount();
        if (count != call.childCount()) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            CallNode c = kept.child(i);
            CallNode d = call.child(i);
            if (!c.isSameCall(d) && (c.isShared() || d.isShared() || !c.sameCallAs(d))) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        CallNode[] oldTable = table;
        int[] oldHashes = hashes;
        int n = oldTable.length * 2;
        table = new CallNode[n];
        hashes = new int[n];
        methods = new int[n];
        arguments = new Object[n];
        results = new String[n];
        int mask = n - 1;
        for (int j = 0; j < oldTable.length; j++) {
            if (oldTable[j] != null) {
                int i = oldHashes[j] & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                put(i, oldTable[j], oldHashes[j]);
            }
        }
    }
}
