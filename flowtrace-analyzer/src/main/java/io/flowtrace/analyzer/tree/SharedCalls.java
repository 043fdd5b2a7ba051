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
        CallNode same = find(call.method().id(), call.arguments(), call.result(), call.children());
        if (same != null) {
            return same;
        }
        add(call);
        return call;
    }

    /** The shared node of a call that returned, or null when none was kept yet. */
    CallNode find(int method, List<String> arguments, String result, List<CallNode> children) {
        int hash = hash(method, arguments, result, children);
        int mask = table.length - 1;
        for (int i = hash & mask; table[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && same(table[i], method, arguments, result, children)) {
                return table[i];
            }
        }
        return null;
    }

    /** Keeps a call that returned, and that {@link #find} did not find, as the shared node of its kind. */
    void add(CallNode call) {
        if (size == MAX_SHARED) {
            return;
        }
        int hash = hash(call.method().id(), call.arguments(), call.result(), call.children());
        int mask = table.length - 1;
        int i = hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = call;
        hashes[i] = hash;
        call.markShared();
        if (++size * 2 > table.length) {
            grow();
        }
    }

    private static int hash(int method, List<String> arguments, String result, List<CallNode> children) {
        int h = method;
        h = h * 31 + Objects.hashCode(arguments);
        h = h * 31 + Objects.hashCode(result);
        for (int i = 0; i < children.size(); i++) {
            h = h * 31 + Long.hashCode(children.get(i).structuralHash()); // cached: computed once per node
        }
        return h ^ (h >>> 16);
    }

    private static boolean same(CallNode a, int method, List<String> arguments, String result,
            List<CallNode> children) {
        if (a.method().id() != method || !Objects.equals(a.arguments(), arguments)
                || !Objects.equals(a.result(), result)) {
            return false;
        }
        List<CallNode> x = a.children();
        if (x.size() != children.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            CallNode c = x.get(i);
            CallNode d = children.get(i);
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
