package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallMark;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.AsyncTree;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Folding;
import io.flowtrace.analyzer.view.Folding.Run;

/**
 * Draws call trees as text, one thread after the other:
 *
 * <pre>
 * main
 * └─ Fib.fib(2) → 1
 *    ├─ Fib.fib(1) → 1
 *    └─ Fib.fib(0) → 0
 * </pre>
 *
 * Each thread is a line with its name (and {@code (virtual)} for a virtual thread) followed by its calls; threads
 * are separated by a blank line and threads without shown calls are left out. What a call line holds is set by
 * {@link TreeOptions}. The drawing is iterative, so call trees of any depth can be drawn.
 *
 * <p>Work handed to other threads is drawn where it was forked, as laid out by {@link AsyncTree}:
 *
 * <pre>
 * main
 * └─ Shop.checkout(pool, [apple]) → 15
 *    ├─ ⇢ task #1 supplyAsync on pool-1-thread-1 → 15
 *    │  └─ Shop.priceOf("apple") → 15
 *    ├─ ◆ priced
 *    └─ ⇠ joined task #1 (join)
 * </pre>
 *
 * The call budget counts call lines only.
 */
public final class TextTreeRenderer {
    private static final String BOLD = "\u001B[1m";
    private static final String DIM = "\u001B[2m";
    private static final String RED = "\u001B[31m";
    private static final String GREEN = "\u001B[32m";
    private static final String YELLOW = "\u001B[33m";
    private static final String MAGENTA = "\u001B[35m";
    private static final String CYAN = "\u001B[36m";
    private static final String RESET = "\u001B[0m";

    private final TreeOptions options;
    private final CallFilter filter;

    public TextTreeRenderer(TreeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.filter = options.filter();
    }

    /**
     * Writes the trees of {@code trace} to {@code out}, then flushes it. Writes nothing when no call is shown; the
     * caller then says so.
     *
     * @return number of call lines written
     */
    public long render(TraceData trace, Writer out) throws IOException {
        List<ThreadTrace> threads = trace.threads();
        AsyncTree tree = new AsyncTree(filter);
        long budget = options.budget();
        long printed = 0;
        boolean any = false;
        for (int t = 0; t < threads.size(); t++) {
            ThreadTrace thread = threads.get(t);
            List<Object> items = tree.items(thread);
            if (items.isEmpty()) {
                continue;
            }
            if (printed == budget) {
                out.write(budgetMarker(remainingThreads(tree, threads, t)));
                break;
            }
            if (any) {
                out.write('\n');
            }
            any = true;
            out.write(style(BOLD, CallLabels.printable(thread.name()) + (thread.isVirtual() ? " (virtual)" : "")));
            out.write('\n');
            Deque<Level> unfinished = new ArrayDeque<>();
            printed += renderThread(tree, items, out, budget - printed, unfinished);
            if (!unfinished.isEmpty()) {
                out.write(budgetMarker(remaining(tree, unfinished) + remainingThreads(tree, threads, t + 1)));
                break;
            }
        }
        out.flush();
        return printed;
    }

    /**
     * A level of the tree being drawn: its entries ({@link Run}s of calls, and marks), the next one to draw, and
     * the prefix of its lines.
     */
    private static final class Level {
        final List<Object> entries;
        final String prefix;
        final int depth;
        int next;

        Level(List<Object> entries, String prefix, int depth) {
            this.entries = entries;
            this.prefix = prefix;
            this.depth = depth;
        }
    }

    /**
     * Draws one thread's items, at most {@code budget} call lines.
     *
     * @param unfinished receives the levels still open when the budget ran out
     * @return number of call lines drawn
     */
    private long renderThread(AsyncTree tree, List<Object> items, Writer out, long budget, Deque<Level> unfinished)
            throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(entries(items), "", 1));
        long lines = 0;
        StringBuilder line = new StringBuilder(128);
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            if (level.next == level.entries.size()) {
                levels.pop();
                continue;
            }
            Object entry = level.entries.get(level.next);
            if (lines == budget && entry instanceof Run) {
                unfinished.addAll(levels);
                break;
            }
            level.next++;
            boolean last = level.next == level.entries.size();
            line.setLength(0);
            line.append(style(DIM, level.prefix + (last ? "└─ " : "├─ ")));
            Object item;
            if (entry instanceof Run run) {
                appendLabel(line, run);
                lines++;
                item = run.call();
            } else {
                appendMark(line, (CallMark) entry);
                item = entry;
            }
            line.append('\n');
            out.write(line.toString());
            List<Object> children = tree.items(item);
            if (children.isEmpty()) {
                continue;
            }
            String childPrefix = level.prefix + (last ? "   " : "│  ");
            if (level.depth >= filter.depth()) {
                long below = tree.countCallsBelow(item);
                out.write(style(DIM, childPrefix + "└─ … " + below + (below == 1 ? " call below" : " calls below")));
                out.write('\n');
            } else {
                levels.push(new Level(entries(children), childPrefix, level.depth + 1));
            }
        }
        return lines;
    }

    /** Runs of consecutive calls (folded when asked) and the marks between them, in order. */
    private List<Object> entries(List<Object> items) {
        List<Object> entries = new ArrayList<>(items.size());
        List<CallNode> calls = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof CallNode c) {
                calls.add(c);
                continue;
            }
            entries.addAll(runs(calls));
            calls.clear();
            entries.add(item);
        }
        entries.addAll(runs(calls));
        return entries;
    }

    private List<Run> runs(List<CallNode> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return options.fold() ? Folding.fold(calls) : Folding.single(calls);
    }

    /** Shown calls not yet drawn in the levels still open, counting repeats and calls below. */
    private long remaining(AsyncTree tree, Deque<Level> levels) {
        long n = 0;
        for (Level level : levels) {
            for (int i = level.next; i < level.entries.size(); i++) {
                Object entry = level.entries.get(i);
                if (entry instanceof Run run) {
                    n += run.count() * (1 + tree.countCallsBelow(run.call()));
                } else {
                    n += tree.countCallsBelow(entry);
                }
            }
        }
        return n;
    }

    private long remainingThreads(AsyncTree tree, List<ThreadTrace> threads, int from) {
        long n = 0;
        for (int t = from; t < threads.size(); t++) {
            for (Object item : tree.items(threads.get(t))) {
                n += (item instanceof CallNode ? 1 : 0) + tree.countCallsBelow(item);
            }
        }
        return n;
    }

    /** A fork ({@code ⇢ task #3 submit on pool-1-thread-1}), a join or a checkpoint. */
    private void appendMark(StringBuilder sb, CallMark mark) {
        boolean detailed = options.style() == TreeOptions.Style.DETAILED;
        if (mark instanceof TaskInfo task) {
            sb.append(style(CYAN, "⇢ " + AsyncLabels.task(task)));
            sb.append(task.runThread() == null ? "" : " on " + AsyncLabels.thread(task.runThread()));
            sb.append(task.runs() > 1 ? ", " + task.runs() + " runs" : "");
            switch (task.outcome()) {
                case VALUE -> {
                    if (detailed && task.result() != null) {
                        sb.append(" → ").append(style(GREEN, CallLabels.printable(task.result())));
                    }
                }
                case EXCEPTION -> {
                    if (detailed) {
                        sb.append(style(RED, " ✗ " + CallLabels.printable(AsyncLabels.exception(task.exception()))));
                        if (!task.isObserved()) {
                            sb.append("  (never observed)");
                        }
                    }
                }
                case CANCELLED -> sb.append(style(YELLOW, " ⊘ cancelled"));
                case RUNNING -> sb.append(style(YELLOW, " … running"));
                case NOT_STARTED -> sb.append(style(YELLOW, " … never started"));
                case SCHEDULED -> sb.append(AsyncLabels.waiting(task));
            }
            if (options.timing() && task.duration() != null) {
                sb.append(style(DIM, "  [" + DurationFormat.format(task.duration().toNanos()) + "]"));
            }
        } else if (mark instanceof TaskJoin join) {
            sb.append(style(CYAN, "⇠ " + (join.completed() ? "joined " : "gave up waiting for ")
                    + AsyncLabels.taskRef(join.task()) + " (" + join.kind() + ")"));
            if (options.timing() && join.waitNanos() >= 0) {
                sb.append(style(DIM, "  [" + DurationFormat.format(join.waitNanos()) + "]"));
            }
        } else if (mark instanceof Checkpoint c) {
            sb.append(style(MAGENTA, "◆ " + CallLabels.printable(c.label())));
            switch (c.kind()) {
                case BEFORE_AWAIT -> sb.append(c.isUnresumed() ? style(YELLOW, " (before await, never resumed)")
                        : " (before await)");
                case AFTER_AWAIT -> sb.append(" (after await)");
                case POINT -> {
                }
            }
        }
    }

    private String budgetMarker(long more) {
        return style(DIM, "… " + more + (more == 1 ? " more call" : " more calls") + " (use --full)") + "\n";
    }

    private void appendLabel(StringBuilder sb, Run run) {
        CallNode call = run.call();
        sb.append(CallLabels.printable(CallLabels.call(call)));
        boolean detailed = options.style() == TreeOptions.Style.DETAILED;
        switch (call.outcome()) {
            case RETURNED -> {
                if (detailed && call.result() != null && !call.method().returnsVoid()) {
                    sb.append(" → ").append(style(GREEN, CallLabels.printable(call.result())));
                }
            }
            case THREW -> {
                if (detailed) {
                    ExceptionInfo e = call.exception();
                    String text = e.simpleType() + (e.message() == null ? "" : ": " + e.message());
                    sb.append(style(RED, " ✗ " + CallLabels.printable(text)));
                    CallNode caughtIn = call.caughtIn();
                    sb.append(caughtIn == null ? "  (escaped)"
                            : "  (caught in " + caughtIn.method().displayName() + ")");
                }
            }
            case RUNNING -> sb.append(style(YELLOW, " … running"));
            case UNKNOWN -> {
                if (detailed) {
                    sb.append(style(YELLOW, " ? exit not recorded"));
                }
            }
        }
        if (detailed && call.enterLost()) {
            sb.append(style(DIM, " (enter lost)"));
        }
        if (run.count() > 1) {
            sb.append(" ×").append(run.count());
        }
        if (options.timing() && call.duration() != null) {
            sb.append(style(DIM, "  [" + DurationFormat.format(call.duration().toNanos()) + "]"));
        }
    }

    private String style(String ansi, String text) {
        return options.color() ? ansi + text + RESET : text;
    }
}
