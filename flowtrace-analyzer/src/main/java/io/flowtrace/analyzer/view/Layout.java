package io.flowtrace.analyzer.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallMark;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.view.Collapsing.Loop;
import io.flowtrace.analyzer.view.Collapsing.Recursion;
import io.flowtrace.analyzer.view.Folding.Run;

/**
 * Which lines a tree with a budget of call lines shows, chosen breadth-first: the first level of every thread,
 * then the second, and so on, so that the shape shows before any detail and one deep branch cannot use up the
 * budget. Each line knows how many calls below it were left out, so they can be counted where they are.
 *
 * <p>An entry of a line is a {@link Run} of calls, a {@link CallMark} (fork, join, checkpoint), and, when
 * collapsing, a {@link Recursion} or a {@link Loop}.
 */
public final class Layout {
    /** One line of the drawn tree and the lines drawn below it. */
    public static final class Line {
        private final Object entry;
        private final List<Line> below = new ArrayList<>();
        private long hiddenBelow;
        private boolean cutByDepth;

        Line(Object entry) {
            this.entry = entry;
        }

        /** What the line shows: a {@link Run}, a {@link CallMark}, a {@link Recursion} or a {@link Loop}. */
        public Object entry() {
            return entry;
        }

        /** The lines drawn below this one, in order. */
        public List<Line> below() {
            return Collections.unmodifiableList(below);
        }

        /** Calls below this line that are not drawn (after the lines that are). */
        public long hiddenBelow() {
            return hiddenBelow;
        }

        /** True when the calls below were left out for {@code --depth}, not for the budget. */
        public boolean cutByDepth() {
            return cutByDepth;
        }
    }

    /**
     * The lines of one thread.
     *
     * @param thread the thread
     * @param top    the thread's top-level lines, with the calls left out after them under {@code top.hiddenBelow}
     */
    public record ThreadLines(ThreadTrace thread, Line top) {
    }

    private final AsyncTree tree;
    private final boolean collapse;
    private final int maxDepth;
    private final List<ThreadLines> threads = new ArrayList<>();
    private long hiddenByBudget;

    /**
     * Lays out the threads' trees within {@code budget} call lines.
     *
     * @param fold     fold identical calls, and collapse recursions and loops
     * @param maxDepth levels of calls below a thread ({@link CallFilter#UNLIMITED} for all)
     */
    public Layout(AsyncTree tree, List<ThreadTrace> threadTraces, long budget, boolean fold, int maxDepth) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.collapse = fold;
        this.maxDepth = maxDepth;
        record Pending(Line owner, List<Object> entries, int depth) {
        }
        Deque<Pending> queue = new ArrayDeque<>();
        for (ThreadTrace thread : threadTraces) {
            List<Object> items = tree.items(thread);
            if (!items.isEmpty()) {
                Line top = new Line(thread);
                threads.add(new ThreadLines(thread, top));
                queue.add(new Pending(top, entries(items), 1));
            }
        }
        long left = budget;
        while (!queue.isEmpty()) {
            Pending pending = queue.poll();
            List<Object> entries = pending.entries();
            for (int i = 0; i < entries.size(); i++) {
                Object entry = entries.get(i);
                boolean callLine = !(entry instanceof CallMark);
                if (callLine && left == 0) {
                    long hidden = 0;
                    for (int j = i; j < entries.size(); j++) {
                        hidden += callsOf(entries.get(j));
                    }
                    pending.owner().hiddenBelow += hidden;
                    hiddenByBudget += hidden;
                    break;
                }
                Line line = new Line(entry);
                pending.owner().below.add(line);
                if (callLine) {
                    left--;
                }
                List<Object> children = childrenOf(entry);
                if (children.isEmpty()) {
                    line.hiddenBelow = hiddenWithin(entry);
                    hiddenByBudget += line.hiddenBelow;
                } else if (pending.depth() >= maxDepth) {
                    line.hiddenBelow = callsBelow(entry);
                    line.cutByDepth = true;
                } else {
                    queue.add(new Pending(line, children, pending.depth() + 1));
                }
            }
        }
    }

    /** The threads with lines, in order. */
    public List<ThreadLines> threads() {
        return Collections.unmodifiableList(threads);
    }

    /** Calls left out for the budget, everywhere (not those left out for {@code --depth}). */
    public long hiddenByBudget() {
        return hiddenByBudget;
    }

    private List<Object> entries(List<Object> items) {
        return entries(items, collapse);
    }

    /**
     * Runs of consecutive calls and the marks between them, in order; with {@code collapse}, identical calls folded
     * and loops collapsed.
     */
    public static List<Object> entries(List<Object> items, boolean collapse) {
        List<Object> entries = new ArrayList<>(items.size());
        List<CallNode> calls = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof CallNode c) {
                calls.add(c);
                continue;
            }
            addRuns(entries, calls, collapse);
            calls.clear();
            entries.add(item);
        }
        addRuns(entries, calls, collapse);
        return entries;
    }

    private static void addRuns(List<Object> entries, List<CallNode> calls, boolean collapse) {
        if (calls.isEmpty()) {
            return;
        }
        if (!collapse) {
            entries.addAll(Folding.single(calls));
            return;
        }
        entries.addAll(Collapsing.loops(Folding.fold(calls)));
    }

    /** The entries drawn below an entry's line. */
    private List<Object> childrenOf(Object entry) {
        if (entry instanceof Run run) {
            List<Object> children = entries(tree.items(run.call()));
            Recursion recursion = collapse ? Collapsing.recursion(tree, run.call()) : null;
            if (recursion != null) {
                for (int i = 0; i < children.size(); i++) {
                    if (children.get(i) instanceof Run r && r.call().isSameCall(recursion.first()) && r.count() == 1) {
                        children.set(i, recursion);
                        break;
                    }
                }
            }
            return children;
        }
        if (entry instanceof Recursion recursion) {
            return List.of(new Run(recursion.innermost(), 1));
        }
        if (entry instanceof Loop) {
            return List.of();
        }
        return entries(tree.items(entry));
    }

    /** Calls an entry's line stands for, with all the calls below it. */
    private long callsOf(Object entry) {
        if (entry instanceof Run run) {
            return run.count() * (1 + tree.countCallsBelow(run.call()));
        }
        if (entry instanceof Recursion recursion) {
            return recursion.calls() + 1 + tree.countCallsBelow(recursion.innermost());
        }
        if (entry instanceof Loop loop) {
            long n = 0;
            for (Run run : loop.runs()) {
                n += run.count() * (1 + tree.countCallsBelow(run.call()));
            }
            return n;
        }
        return tree.countCallsBelow(entry);
    }

    /** Calls below an entry's line, the line itself not counted. */
    private long callsBelow(Object entry) {
        if (entry instanceof Run run) {
            return tree.countCallsBelow(run.call());
        }
        if (entry instanceof Recursion recursion) {
            return 1 + tree.countCallsBelow(recursion.innermost());
        }
        if (entry instanceof Loop loop) {
            return callsOf(loop) - loop.count();
        }
        return tree.countCallsBelow(entry);
    }

    /** Calls below a line that has no lines below it but stands for calls that have some: a loop's. */
    private long hiddenWithin(Object entry) {
        return entry instanceof Loop loop ? callsBelow(loop) : 0;
    }
}
