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
 * (they threw, say) are compared in full ({@link CallNode#sameCallAs}).
 *
 * <p>Only calls that returned, whose enter was recorded, and that the caller found free of tasks, forks, joins and
 * checkpoints are shared. A call that threw is not: where its exception was caught depends on its callers; but
 * the call that caught it, having returned, is.
 */
final class SharedCalls {
    /** Distinct calls kept at most; beyond it, new distinct calls are no longer shared (they stay as they are). */
    private static final int MAX_SHARED = 1 << 20;

    private CallNode[] table = new CallNode[1 << 10];
    private int[] hashes = new int[1 << 10];
    private int size;

    /**
     * The node to keep in the tree for a call that just finished, free of tasks, forks, joins and checkpoints: an
     * identical earlier one, or the call itself.
     */
    CallNode intern(CallNode call) {
        if (call.outcome() != Outcome.RETURNED || call.enterLost()) {
            return call;
        }
        int hash = hash(call);
        int mask = table.length - 1;
        int i = hash & mask;
        for (CallNode c = table[i]; c != null; c = table[i = (i + 1) & mask]) {
            if (hashes[i] == hash && same(c, call)) {
                return c;
            }
        }
        if (size == MAX_SHARED) {
            return call;
        }
        table[i] = call;
        hashes[i] = hash;
        call.markShared();
        if (++size * 2 > table.length) {
            grow();
        }
        return call;
    }

    private static int hash(CallNode call) {
        List<CallNode> children = call.children();
        int h = call.method().id();
        h = h * 31 + Objects.hashCode(call.arguments());
        h = h * 31 + Objects.hashCode(call.result());
        for (int i = 0; i < children.size(); i++) {
            h = h * 31 + Long.hashCode(children.get(i).structuralHash()); // cached: computed once per node
        }
        return h ^ (h >>> 16);
    }

    private static boolean same(CallNode a, CallNode b) {
        if (a.method().id() != b.method().id() || !Objects.equals(a.arguments(), b.arguments())
                || !Objects.equals(a.result(), b.result())) {
            return false;
        }
        List<CallNode> x = a.children();
        List<CallNode> y = b.children();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            CallNode c = x.get(i);
            CallNode d = y.get(i);
            if (c != d && (c.isShared() || d.isShared() || !c.sameCallAs(d))) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        CallNode[] oldTable = table;
        int[] oldHashes = hashes;
        table = new CallNode[oldTable.length * 2];
        hashes = new int[oldTable.length * 2];
        int mask = table.length - 1;
        for (int j = 0; j < oldTable.length; j++) {
            if (oldTable[j] != null) {
                int i = oldHashes[j] & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = oldTable[j];
                hashes[i] = oldHashes[j];
            }
        }
    }
}
