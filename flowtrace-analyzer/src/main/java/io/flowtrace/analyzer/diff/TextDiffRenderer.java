package io.flowtrace.analyzer.diff;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.flowtrace.analyzer.diff.DiffItems.Entry;
import io.flowtrace.analyzer.diff.DiffNode.Change;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.render.AsyncLabels;
import io.flowtrace.analyzer.render.CallLabels;
import io.flowtrace.analyzer.render.DurationFormat;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Draws a {@link DiffModel} as one unified call tree per thread role, in the manner of {@code diff -u}:
 *
 * <pre>
 * --- before.jfr
 * +++ after.jfr
 *   main
 *   └─ Shop.checkout("cart-1")
 * ~    ├─ Shop.valid(1) → true ⇒ false
 * +    ├─ Shop.audit("cart-1")
 * -    ├─ Shop.pay(19)
 *      └─ … 2 unchanged calls
 *
 * 1 call added, 1 removed, 1 changed
 * </pre>
 *
 * The first column says what happened: {@code +} only in B (with everything below it), {@code -} only in A,
 * {@code ~} changed ({@code A ⇒ B}), blank for context: a call unchanged itself, on the way to a difference.
 * A task is drawn at its fork, as in {@code flowtrace tree} but without its number and thread (they are not
 * compared), with the calls it made below it:
 *
 * <pre>
 * +    ├─ ⇢ task submit → "reminded a"
 * +    │  └─ Shop.remind("a") → "reminded a"
 * </pre>
 *
 * Unchanged calls and tasks between differences are counted, not shown. Roles without differences are left out.
 * The summary line always comes last. Drawing is iterative, so trees of any depth can be drawn.
 */
public final class TextDiffRenderer {
    private static final String BOLD = "\u001B[1m";
    private static final String DIM = "\u001B[2m";
    private static final String RED = "\u001B[31m";
    private static final String GREEN = "\u001B[32m";
    private static final String YELLOW = "\u001B[33m";
    private static final String RESET = "\u001B[0m";
    /** Lines printed at most unless told otherwise. */
    public static final int DEFAULT_BUDGET = 2000;

    private final boolean color;
    private final long budget;
    private final DiffItems items;

    /**
     * @param filter the filter the diff was made with: the calls below added and removed calls are drawn through it
     * @param color  true to color with ANSI escapes
     * @param budget most call lines to print, or {@link Long#MAX_VALUE}
     */
    public TextDiffRenderer(CallFilter filter, boolean color, long budget) {
        this.items = new DiffItems(filter);
        this.color = color;
        this.budget = budget;
    }

    /**
     * Writes the diff, then flushes {@code out}. With no differences, writes only {@code no differences}.
     *
     * @param nameA how to name recording A in the header, e.g. its path
     * @param nameB how to name recording B
     */
    public void render(DiffModel model, String nameA, String nameB, Writer out) throws IOException {
        if (model.isEmpty()) {
            out.write(model.summary() + "\n");
            out.flush();
            return;
        }
        out.write(style(BOLD, "--- " + CallLabels.printable(nameA)) + "\n");
        out.write(style(BOLD, "+++ " + CallLabels.printable(nameB)) + "\n");
        long[] printed = {0};
        for (GroupDiff group : model.groups()) {
            if (!group.differs()) {
                continue;
            }
            if (printed[0] >= budget) {
                out.write(style(DIM, "… more differences not shown (use --full)") + "\n");
                break;
            }
            if (printed[0] > 0) {
                out.write('\n');
            }
            String marker = group.added() ? "+ " : group.removed() ? "- " : "  ";
            String label = CallLabels.printable(group.label());
            if (!group.ordered()) {
                label += " (" + group.threadsA().size() + " ⇒ " + group.threadsB().size()
                        + " threads, compared as a set of calls)";
            }
            out.write(style(group.added() ? GREEN : group.removed() ? RED : BOLD, marker + label) + "\n");
            if (!renderLines(group.roots(), out, printed)) {
                out.write(style(DIM, "… more differences not shown (use --full)") + "\n");
                break;
            }
        }
        out.write('\n');
        out.write(model.summary() + "\n");
        out.flush();
    }

    /** A level of the tree being drawn: diff lines, or the entries below an added or removed call or task. */
    private static final class Level {
        final List<?> items;
        final String prefix;
        /** For calls below an added or removed call: its marker; {@code null} for diff lines. */
        final String marker;
        int next;

        Level(List<?> items, String prefix, String marker) {
            this.items = items;
            this.prefix = prefix;
            this.marker = marker;
        }
    }

    /** @return false when the budget ran out */
    private boolean renderLines(List<DiffNode> roots, Writer out, long[] printed) throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(roots, "", null));
        StringBuilder line = new StringBuilder(128);
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            if (level.next == level.items.size()) {
                levels.pop();
                continue;
            }
            if (printed[0] >= budget) {
                return false;
            }
            Object item = level.items.get(level.next++);
            boolean last = level.next == level.items.size();
            String branch = level.prefix + (last ? "└─ " : "├─ ");
            String childPrefix = level.prefix + (last ? "   " : "│  ");
            line.setLength(0);
            if (item instanceof Entry entry) {
                String marker = level.marker;
                line.append(style(marker.equals("+ ") ? GREEN : RED, marker + branch + label(entry)));
                pushCalls(levels, entry.item(), childPrefix, marker);
            } else {
                DiffNode node = (DiffNode) item;
                switch (node.status()) {
                    case SAME -> line.append(style(DIM, "  " + branch + "… " + unchanged(node)));
                    case CONTEXT -> line.append("  ").append(style(DIM, branch))
                            .append(label(new Entry(node.itemB(), node.countB())));
                    case CHANGED -> line.append(style(YELLOW, "~ ")).append(style(DIM, branch))
                            .append(node.isTask() ? changedTaskLabel(node) : changedLabel(node));
                    case ADDED -> line.append(style(GREEN, "+ " + branch
                            + label(new Entry(node.itemB(), node.countB()))));
                    case REMOVED -> line.append(style(RED, "- " + branch
                            + label(new Entry(node.itemA(), node.countA()))));
                }
                switch (node.status()) {
                    case ADDED -> pushCalls(levels, node.itemB(), childPrefix, "+ ");
                    case REMOVED -> pushCalls(levels, node.itemA(), childPrefix, "- ");
                    default -> {
                        if (!node.children().isEmpty()) {
                            levels.push(new Level(node.children(), childPrefix, null));
                        }
                    }
                }
            }
            line.append('\n');
            out.write(line.toString());
            printed[0]++;
        }
        return true;
    }

    private void pushCalls(Deque<Level> levels, Object item, String prefix, String marker) {
        List<Object> below = items.below(item);
        if (!below.isEmpty()) {
            levels.push(new Level(DiffItems.fold(below), prefix, marker));
        }
    }

    /** {@code … 2 unchanged calls}, {@code … 1 unchanged task}, {@code … 2 unchanged calls and 1 task}. */
    private static String unchanged(DiffNode node) {
        long calls = node.sameCalls();
        long tasks = node.sameTasks();
        String taskPart = tasks + (tasks == 1 ? " task" : " tasks");
        if (calls == 0) {
            return tasks + (tasks == 1 ? " unchanged task" : " unchanged tasks");
        }
        return calls + (calls == 1 ? " unchanged call" : " unchanged calls") + (tasks == 0 ? "" : " and " + taskPart);
    }

    /**
     * {@code Shop.valid(1) → true ×2}, as the tree shows a call (without where exceptions were caught);
     * {@code ⇢ task submit → 15} for a task.
     */
    private static String label(Entry entry) {
        if (entry.task() != null) {
            TaskInfo task = entry.task();
            return taskLabel(task) + taskOutcome(task);
        }
        CallNode call = entry.call();
        return CallLabels.printable(CallLabels.call(call)) + outcome(call)
                + (entry.count() > 1 ? " ×" + entry.count() : "");
    }

    /** {@code ⇢ task submit}: the fork, without the task's number and thread, which are not compared. */
    private static String taskLabel(TaskInfo task) {
        return "⇢ task" + (task.kind() == null ? "" : " " + CallLabels.printable(task.kind()));
    }

    /** {@code ⇢ task submit → "a" ⇒ "b"}, {@code ⇢ task submit ⇒ execute}, with durations under --timing. */
    private String changedTaskLabel(DiffNode node) {
        TaskInfo a = node.taskA();
        TaskInfo b = node.taskB();
        Set<Change> changes = node.changes();
        StringBuilder sb = new StringBuilder();
        if (changes.contains(Change.KIND)) {
            sb.append(style(RED, taskLabel(a))).append(" ⇒ ").append(style(GREEN, CallLabels.printable(
                    String.valueOf(b.kind()))));
        } else {
            sb.append(taskLabel(b));
        }
        if (changes.contains(Change.OUTCOME) || changes.contains(Change.RESULT)
                || changes.contains(Change.EXCEPTION)) {
            sb.append(outcomeChange(taskOutcome(a), taskOutcome(b), " completed"));
        } else {
            sb.append(taskOutcome(b));
        }
        if (changes.contains(Change.TIMING)) {
            sb.append("  [").append(DurationFormat.format(a.duration().toNanos())).append(" ⇒ ")
                    .append(DurationFormat.format(b.duration().toNanos())).append(']');
        }
        return sb.toString();
    }

    /** {@code  → 15}, {@code  ✗ IllegalStateException: "…"}, {@code  ⊘ cancelled}, or empty without a value. */
    private static String taskOutcome(TaskInfo task) {
        return switch (task.outcome()) {
            case VALUE -> task.result() == null ? "" : " → " + CallLabels.printable(task.result());
            case EXCEPTION -> " ✗ " + CallLabels.printable(AsyncLabels.exception(task.exception()));
            case CANCELLED -> " ⊘ cancelled";
            case RUNNING -> " … running";
            case NOT_STARTED -> " … never started";
            case SCHEDULED -> AsyncLabels.waiting(task);
        };
    }

    /** {@code  → true ⇒ false}, {@code  → 2 ⇒ ✗ IllegalStateException: …}; {@code none} names an empty side. */
    private String outcomeChange(String before, String after, String none) {
        if (before.startsWith(" → ") && after.startsWith(" → ")) {
            after = after.substring(2); // valid(1) → true ⇒ false
        }
        return style(RED, before.isEmpty() ? none : before) + " ⇒" + style(GREEN, after.isEmpty() ? none : after);
    }

    /** {@code Shop.valid(1) → true ⇒ false}, {@code Shop.total(2 ⇒ 3) → 19 ⇒ 21}, {@code fib(1) → 1 ×3 ⇒ ×5}. */
    private String changedLabel(DiffNode node) {
        CallNode a = node.a();
        CallNode b = node.b();
        Set<Change> changes = node.changes();
        StringBuilder sb = new StringBuilder(CallLabels.printable(b.method().displayName())).append('(');
        if (changes.contains(Change.ARGS)) {
            sb.append(style(RED, args(a))).append(" ⇒ ").append(style(GREEN, args(b)));
        } else {
            sb.append(args(b));
        }
        sb.append(')');
        if (changes.contains(Change.OUTCOME) || changes.contains(Change.RESULT)
                || changes.contains(Change.EXCEPTION)) {
            sb.append(outcomeChange(outcome(a), outcome(b), " returned"));
        } else {
            sb.append(outcome(b));
        }
        if (changes.contains(Change.COUNT)) {
            sb.append(" ×").append(node.countA()).append(" ⇒ ×").append(node.countB());
        } else if (node.countB() > 1) {
            sb.append(" ×").append(node.countB());
        }
        if (changes.contains(Change.TIMING)) {
            sb.append("  [").append(DurationFormat.format(a.duration().toNanos())).append(" ⇒ ")
                    .append(DurationFormat.format(b.duration().toNanos())).append(']');
        }
        return sb.toString();
    }

    private static String args(CallNode call) {
        List<String> args = call.arguments();
        return args == null ? "?" : CallLabels.printable(String.join(", ", args));
    }

    /** {@code  → 3}, {@code  ✗ IllegalStateException: "…"}, {@code  … running}, or empty for a void return. */
    private static String outcome(CallNode call) {
        return switch (call.outcome()) {
            case RETURNED -> call.result() == null || call.method().returnsVoid() ? ""
                    : " → " + CallLabels.printable(call.result());
            case THREW -> {
                ExceptionInfo e = call.exception();
                yield " ✗ " + CallLabels.printable(e.simpleType() + (e.message() == null ? "" : ": " + e.message()));
            }
            case RUNNING -> " … running";
            case UNKNOWN -> " ? exit not recorded";
        };
    }

    private String style(String ansi, String text) {
        return color ? ansi + text + RESET : text;
    }
}
