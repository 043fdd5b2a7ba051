package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
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
 */
public final class TextTreeRenderer {
    private static final String BOLD = "\u001B[1m";
    private static final String DIM = "\u001B[2m";
    private static final String RED = "\u001B[31m";
    private static final String GREEN = "\u001B[32m";
    private static final String YELLOW = "\u001B[33m";
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
        long budget = options.budget();
        long printed = 0;
        for (int t = 0; t < threads.size(); t++) {
            ThreadTrace thread = threads.get(t);
            List<CallNode> roots = filter.showsThread(thread) ? filter.shownRoots(thread) : List.of();
            if (roots.isEmpty()) {
                continue;
            }
            if (printed == budget) {
                out.write(budgetMarker(remainingThreads(threads, t)));
                break;
            }
            if (printed > 0) {
                out.write('\n');
            }
            out.write(style(BOLD, CallLabels.printable(thread.name()) + (thread.isVirtual() ? " (virtual)" : "")));
            out.write('\n');
            Deque<Level> unfinished = new ArrayDeque<>();
            printed += renderThread(roots, out, budget - printed, unfinished);
            if (!unfinished.isEmpty()) {
                out.write(budgetMarker(remaining(unfinished) + remainingThreads(threads, t + 1)));
                break;
            }
        }
        out.flush();
        return printed;
    }

    /** A level of the tree being drawn: its runs, the next one to draw, and the prefix of its lines. */
    private static final class Level {
        final List<Run> runs;
        final String prefix;
        final int depth;
        int next;

        Level(List<Run> runs, String prefix, int depth) {
            this.runs = runs;
            this.prefix = prefix;
            this.depth = depth;
        }
    }

    /**
     * Draws one thread's calls, at most {@code budget} lines.
     *
     * @param unfinished receives the levels still open when the budget ran out
     * @return number of call lines drawn
     */
    private long renderThread(List<CallNode> roots, Writer out, long budget, Deque<Level> unfinished)
            throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(runs(roots), "", 1));
        long lines = 0;
        StringBuilder line = new StringBuilder(128);
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            if (level.next == level.runs.size()) {
                levels.pop();
                continue;
            }
            if (lines == budget) {
                unfinished.addAll(levels);
                break;
            }
            Run run = level.runs.get(level.next++);
            boolean last = level.next == level.runs.size();
            line.setLength(0);
            line.append(style(DIM, level.prefix + (last ? "└─ " : "├─ ")));
            appendLabel(line, run);
            line.append('\n');
            out.write(line.toString());
            lines++;
            List<CallNode> children = filter.shownChildren(run.call());
            if (children.isEmpty()) {
                continue;
            }
            String childPrefix = level.prefix + (last ? "   " : "│  ");
            if (level.depth >= filter.depth()) {
                long below = filter.countShownBelow(run.call());
                out.write(style(DIM, childPrefix + "└─ … " + below + (below == 1 ? " call below" : " calls below")));
                out.write('\n');
            } else {
                levels.push(new Level(runs(children), childPrefix, level.depth + 1));
            }
        }
        return lines;
    }

    private List<Run> runs(List<CallNode> calls) {
        return options.fold() ? Folding.fold(calls) : Folding.single(calls);
    }

    /** Shown calls not yet drawn in the levels still open, counting repeats and calls below. */
    private long remaining(Deque<Level> levels) {
        long n = 0;
        for (Level level : levels) {
            for (int i = level.next; i < level.runs.size(); i++) {
                Run run = level.runs.get(i);
                n += run.count() * (1 + filter.countShownBelow(run.call()));
            }
        }
        return n;
    }

    private long remainingThreads(List<ThreadTrace> threads, int from) {
        long n = 0;
        for (int t = from; t < threads.size(); t++) {
            if (filter.showsThread(threads.get(t))) {
                n += filter.countShown(threads.get(t));
            }
        }
        return n;
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
