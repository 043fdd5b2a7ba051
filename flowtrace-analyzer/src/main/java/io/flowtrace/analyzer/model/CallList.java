package io.flowtrace.analyzer.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The calls of a thread's top level or of a call with a node: nodes, and calls kept outside the heap as rows, each
 * of which costs a number here and is made a node as it is asked for (made anew each time, see
 * {@link CallNode#isSameCall}). Used by the tree builder; read through {@link ThreadTrace#roots()} and
 * {@link CallNode#children()}.
 */
public final class CallList extends AbstractList<CallNode> implements RandomAccess, CountedCalls {
    /** Makes the node of a row. */
    public interface Rows {
        /** The node of the call of {@code row}, made by {@code caller} (null for a top-level call). */
        CallNode node(long row, CallNode caller);

        /** {@link CallNode#callsBelow()} of the node {@link #node} would make, without making it. */
        long callsBelow(long row);

        /**
         * {@link CallNode#sameCallAs} of the nodes of {@code row} and of {@code otherRow} of {@code other}, told from
         * the rows without making the nodes of the calls below; {@code null} when it cannot be told so (then nodes
         * are compared).
         *
         * @param passedOn      whether the exception of the call of {@code row} passed on to its caller, which the
         *                      row does not tell
         * @param otherPassedOn the same for {@code otherRow}
         */
        default Boolean sameCalls(long row, boolean passedOn, Rows other, long otherRow, boolean otherPassedOn) {
            return null;
        }
    }

    /** Each entry: a row (0 or more), or -1 - the index of a node in {@link #nodes}. */
    private long[] entries = new long[4];
    private int size;
    private final List<CallNode> nodes = new ArrayList<>(0);
    private Rows rows;
    private final CallNode caller;

    /** @param caller the call that made these calls, null for a thread's top level */
    public CallList(CallNode caller) {
        this.caller = caller;
    }

    /** Appends a call kept as a row of {@code source}, which is the same for every row of this list. */
    public void addRow(Rows source, long row) {
        if (row < 0) {
            throw new IllegalArgumentException("row " + row);
        }
        rows = source;
        append(row);
    }

    @Override
    public boolean add(CallNode node) {
        nodes.add(node);
        append(-nodes.size());
        return true;
    }

    private void append(long entry) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = entry;
        modCount++;
    }

    @Override
    public CallNode get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        long e = entries[i];
        return e >= 0 ? rows.node(e, caller) : nodes.get((int) (-1 - e));
    }

    /** Replaces a call with a node; a row is replaced by a node of its own. */
    @Override
    public long callsBelow(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        long e = entries[i];
        return e >= 0 ? rows.callsBelow(e) : nodes.get((int) (-1 - e)).callsBelow();
    }

    @Override
    public CallNode set(int i, CallNode node) {
        CallNode old = get(i);
        long e = entries[i];
        if (e < 0) {
            nodes.set((int) (-1 - e), node);
        } else {
            nodes.add(node);
            entries[i] = -nodes.size();
        }
        return old;
    }

    /** Removes the last call (only the last one can be removed). */
    @Override
    public CallNode remove(int i) {
        if (i != size - 1) {
            throw new UnsupportedOperationException("only the last call can be removed");
        }
        CallNode old = get(i);
        long e = entries[--size];
        if (e < 0 && -1 - e == nodes.size() - 1) {
            nodes.remove(nodes.size() - 1);
        }
        modCount++;
        return old;
    }

    @Override
    public int size() {
        return size;
    }
}
