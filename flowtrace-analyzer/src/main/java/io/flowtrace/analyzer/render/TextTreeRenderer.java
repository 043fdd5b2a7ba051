package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
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
import io.flowtrace.analyzer.view.Collapsing.Loop;
import io.flowtrace.analyzer.view.Collapsing.Recursion;
import io.flowtrace.analyzer.view.Folding.Run;
import io.flowtrace.analyzer.view.Layout;

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

    /** Levels of indentation drawn; deeper lines start with their depth instead, so no line grows without end. */
    static final int MAX_INDENT = 30;
    /** Characters of a call (method and arguments) and of a result shown in a tree with a budget; --full shows all. */
    private static final int MAX_CALL = 120;
    private static final int MAX_RESULT = 60;

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
        AsyncTree tree = new AsyncTree(filter);
        long printed = options.budget() == TreeOptions.UNLIMITED ? renderAll(trace.threads(), tree, out)
                : renderLayout(new Layout(tree, trace.threads(), options.budget(), options.fold(), filter.depth()),
                        out);
        out.flush();
        return printed;
    }

    /** Every shown call, drawn as it is walked: nothing is kept, so a tree of any size can be printed. */
    private long renderAll(List<ThreadTrace> threads, AsyncTree tree, Writer out) throws IOException {
        long printed = 0;
        boolean any = false;
        for (ThreadTrace thread : threads) {
            List<Object> items = tree.items(thread);
            if (items.isEmpty()) {
                continue;
            }
            if (any) {
                out.write('\n');
            }
            any = true;
            writeThread(thread, out);
            printed += renderThread(tree, items, out);
        }
        return printed;
    }

    private void writeThread(ThreadTrace thread, Writer out) throws IOException {
        out.write(style(BOLD, CallLabels.printable(thread.name()) + (thread.isVirtual() ? " (virtual)" : "")));
        out.write('\n');
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
     * Draws all of one thread's items, depth-first and iteratively, so that call trees of any depth can be drawn.
     *
     * @return number of call lines drawn
     */
    private long renderThread(AsyncTree tree, List<Object> items, Writer out) throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(Layout.entries(items, options.fold()), "", 1));
        long lines = 0;
        StringBuilder line = new StringBuilder(128);
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            if (level.next == level.entries.size()) {
                levels.pop();
                continue;
            }
            Object entry = level.entries.get(level.next++);
            boolean last = level.next == level.entries.size();
            writeLine(line, level.prefix, last, entry, out);
            Object item;
            if (entry instanceof Run run) {
                lines++;
                item = run.call();
            } else {
                item = entry;
            }
            List<Object> children = tree.items(item);
            if (children.isEmpty()) {
                continue;
            }
            String childPrefix = childPrefix(level.prefix, last, level.depth + 1);
            if (level.depth >= filter.depth()) {
                writeHidden(childPrefix, tree.countCallsBelow(item), false, out);
            } else {
                levels.push(new Level(Layout.entries(children, options.fold()), childPrefix, level.depth + 1));
            }
        }
        return lines;
    }

    /** The lines chosen by a {@link Layout}, depth-first, with what was left out counted where it was. */
    private long renderLayout(Layout layout, Writer out) throws IOException {
        long printed = 0;
        StringBuilder line = new StringBuilder(128);
        for (Layout.ThreadLines thread : layout.threads()) {
            if (thread != layout.threads().get(0)) {
                out.write('\n');
            }
            writeThread(thread.thread(), out);
            printed += drawLines(thread.top(), "", 1, line, out);
        }
        if (layout.hiddenByBudget() > 0) {
            out.write(budgetMarker(layout.hiddenByBudget()));
        }
        return printed;
    }

    /** Draws the lines below {@code parent}, depth-first and iteratively; returns the call lines drawn. */
    private long drawLines(Layout.Line parent, String prefix, int depth, StringBuilder line, Writer out)
            throws IOException {
        record Pending(Layout.Line parent, String prefix, int depth, int next) {
        }
        long lines = 0;
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(parent, prefix, depth, 0));
        while (!stack.isEmpty()) {
            Pending at = stack.pop();
            List<Layout.Line> below = at.parent().below();
            long hidden = at.parent().hiddenBelow();
            if (at.next() == below.size()) {
                if (hidden > 0) {
                    writeHidden(at.prefix(), hidden, !below.isEmpty() && !at.parent().cutByDepth(), out);
                }
                continue;
            }
            Layout.Line child = below.get(at.next());
            boolean last = at.next() == below.size() - 1 && hidden == 0;
            stack.push(new Pending(at.parent(), at.prefix(), at.depth(), at.next() + 1));
            writeLine(line, at.prefix(), last, child.entry(), out);
            if (!(child.entry() instanceof CallMark)) {
                lines++;
            }
            if (!child.below().isEmpty() || child.hiddenBelow() > 0) {
                stack.push(new Pending(child, childPrefix(at.prefix(), last, at.depth() + 1), at.depth() + 1, 0));
            }
        }
        return lines;
    }

    /** The prefix of lines {@code depth} levels deep: past {@value #MAX_INDENT} levels a depth marker, not more. */
    private static String childPrefix(String prefix, boolean last, int depth) {
        if (depth <= MAX_INDENT) {
            return prefix + (last ? "   " : "│  ");
        }
        return "[" + depth + "] ";
    }

    private void writeLine(StringBuilder line, String prefix, boolean last, Object entry, Writer out)
            throws IOException {
        line.setLength(0);
        line.append(style(DIM, prefix + (last ? "└─ " : "├─ ")));
        if (entry instanceof Run run) {
            appendLabel(line, run);
        } else if (entry instanceof Recursion recursion) {
            appendRecursion(line, recursion);
        } else if (entry instanceof Loop loop) {
            appendLoop(line, loop);
        } else {
            appendMark(line, (CallMark) entry);
        }
        line.append('\n');
        out.write(line.toString());
    }

    /** {@code └─ … 5 calls below} under a line none of whose calls are drawn, {@code … 5 more calls} after some. */
    private void writeHidden(String prefix, long calls, boolean more, Writer out) throws IOException {
        out.write(style(DIM, prefix + "└─ … " + String.format(Locale.ROOT, "%,d", calls)
                + (more ? calls == 1 ? " more call" : " more calls" : calls == 1 ? " call below" : " calls below")));
        out.write('\n');
    }

    /** {@code ⟳ 3,994 more levels of Deep.down (3,994 calls)}: the levels of a recursion between its ends. */
    private void appendRecursion(StringBuilder sb, Recursion recursion) {
        sb.append(style(CYAN, String.format(Locale.ROOT, "⟳ %,d more level%s of %s", recursion.levels(),
                recursion.levels() == 1 ? "" : "s", recursion.method())));
        sb.append(style(DIM, String.format(Locale.ROOT, " (recursion, %,d call%s)", recursion.calls(),
                recursion.calls() == 1 ? "" : "s")));
    }

    /** {@code Loop.step(0) → 1 … Loop.step(99999) → 100000  (100,000 calls)}: a loop's first and last call. */
    private void appendLoop(StringBuilder sb, Loop loop) {
        appendLabel(sb, new Run(loop.first(), 1));
        sb.append(style(DIM, " … "));
        appendLabel(sb, new Run(loop.last(), 1));
        sb.append(style(DIM, String.format(Locale.ROOT, "  (%,d calls)", loop.count())));
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
        return style(DIM, String.format(Locale.ROOT, "… %,d%s (use --full)", more,
                more == 1 ? " more call" : " more calls")) + "\n";
    }

    private void appendLabel(StringBuilder sb, Run run) {
        CallNode call = run.call();
        sb.append(clip(CallLabels.printable(CallLabels.call(call)), MAX_CALL));
        boolean detailed = options.style() == TreeOptions.Style.DETAILED;
        switch (call.outcome()) {
            case RETURNED -> {
                if (detailed && call.result() != null && !call.method().returnsVoid()) {
                    sb.append(" → ").append(style(GREEN, clip(CallLabels.printable(call.result()), MAX_RESULT)));
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

    /** The text, cut to {@code max} characters with {@code …} unless everything is to be printed. */
    private String clip(String text, int max) {
        if (text.length() <= max || options.budget() == TreeOptions.UNLIMITED) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private String style(String ansi, String text) {
        return options.color() ? ansi + text + RESET : text;
    }
}
