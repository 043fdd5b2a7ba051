package io.flowtrace.analyzer.diff;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

import io.flowtrace.analyzer.diff.DiffNode.Change;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Writes a {@link DiffModel} as JSON, in the format of {@code docs/diff-json.md} (version {@value #DIFF_VERSION}).
 * Every difference is written, never cut by a budget; unchanged calls are written as counts. Streams with
 * Jackson and walks iteratively, so diffs of any size and depth can be written.
 */
public final class JsonDiffRenderer {
    /** Version of the format; raised when fields change meaning or go away. */
    public static final int DIFF_VERSION = 2;

    private final DiffItems items;
    private final boolean timing;

    /**
     * @param filter the filter the diff was made with: the calls below added and removed calls are written through it
     * @param timing true to write durations of the calls in {@code a} and {@code b}
     */
    public JsonDiffRenderer(CallFilter filter, boolean timing) {
        this.items = new DiffItems(filter);
        this.timing = timing;
    }

    /** Writes the diff, indented, then flushes {@code out}; {@code out} stays open. */
    public void render(DiffModel model, String nameA, String nameB, Writer out) throws IOException {
        try (JsonGenerator g = JsonRenderer.generator(out, true)) {
            g.writeStartObject();
            g.writeNumberField("diffVersion", DIFF_VERSION);
            g.writeStringField("a", nameA);
            g.writeStringField("b", nameB);
            g.writeBooleanField("same", model.isEmpty());
            g.writeObjectFieldStart("summary");
            g.writeNumberField("added", model.added());
            g.writeNumberField("removed", model.removed());
            g.writeNumberField("changed", model.changed());
            g.writeNumberField("tasksAdded", model.tasksAdded());
            g.writeNumberField("tasksRemoved", model.tasksRemoved());
            g.writeNumberField("tasksChanged", model.tasksChanged());
            g.writeEndObject();
            g.writeArrayFieldStart("groups");
            for (GroupDiff group : model.groups()) {
                if (!group.differs()) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("kind", group.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("label", group.label());
                g.writeStringField("status", group.added() ? "added" : group.removed() ? "removed" : "changed");
                writeStrings(g, "threadsA", group.threadsA());
                writeStrings(g, "threadsB", group.threadsB());
                g.writeBooleanField("ordered", group.ordered());
                g.writeArrayFieldStart("calls");
                writeLines(g, group.roots());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        out.flush();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A level being written: diff lines, or the calls and forks below an added or removed call or task. */
    private record Level(Iterator<?> items, String status) {
    }

    private void writeLines(JsonGenerator g, List<DiffNode> roots) throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(roots.iterator(), null));
        while (true) {
            Level level = levels.peek();
            if (!level.items().hasNext()) {
                levels.pop();
                if (levels.isEmpty()) {
                    return;
                }
                g.writeEndArray(); // children
                g.writeEndObject(); // the line that owns them
                continue;
            }
            Object item = level.items().next();
            if (item instanceof DiffItems.Entry entry) {
                g.writeStartObject();
                g.writeStringField("status", level.status());
                writeWhat(g, entry.item());
                g.writeFieldName(level.status().equals("added") ? "b" : "a");
                writeSide(g, entry.item(), entry.count());
                g.writeArrayFieldStart("children");
                levels.push(new Level(DiffItems.fold(items.below(entry.item())).iterator(), level.status()));
                continue;
            }
            DiffNode node = (DiffNode) item;
            g.writeStartObject();
            if (node.isUnchangedStretch()) {
                g.writeStringField("status", "same");
                g.writeNumberField("calls", node.sameCalls());
                g.writeNumberField("tasks", node.sameTasks());
                g.writeEndObject();
                continue;
            }
            g.writeStringField("status", node.status().name().toLowerCase(Locale.ROOT));
            writeWhat(g, node.isTask() ? node.task() : node.call());
            if (node.status() == DiffNode.Status.CHANGED) {
                g.writeArrayFieldStart("changes");
                for (Change c : node.changes()) {
                    g.writeString(c.name().toLowerCase(Locale.ROOT));
                }
                g.writeEndArray();
            }
            if (node.itemA() != null) {
                g.writeFieldName("a");
                writeSide(g, node.itemA(), node.countA());
            }
            if (node.itemB() != null) {
                g.writeFieldName("b");
                writeSide(g, node.itemB(), node.countB());
            }
            g.writeArrayFieldStart("children");
            switch (node.status()) {
                case ADDED -> levels.push(new Level(DiffItems.fold(items.below(node.itemB())).iterator(), "added"));
                case REMOVED -> levels.push(new Level(DiffItems.fold(items.below(node.itemA())).iterator(),
                        "removed"));
                default -> levels.push(new Level(node.children().iterator(), null));
            }
        }
    }

    /** {@code type}, then the method fields of a call or the kind of a fork. */
    private static void writeWhat(JsonGenerator g, Object item) throws IOException {
        if (item instanceof TaskInfo task) {
            g.writeStringField("type", "fork");
            g.writeStringField("kind", task.kind());
            return;
        }
        CallNode call = (CallNode) item;
        g.writeStringField("type", "call");
        g.writeStringField("class", call.method().className());
        g.writeStringField("method", call.method().name());
        g.writeStringField("descriptor", call.method().descriptor());
        g.writeStringField("display", call.method().displayName());
    }

    private void writeSide(JsonGenerator g, Object item, int count) throws IOException {
        if (item instanceof TaskInfo task) {
            writeTask(g, task);
        } else {
            writeCall(g, (CallNode) item, count);
        }
    }

    /** A task's values on one side: {@code task} (its number), {@code outcome}, {@code result}, ... */
    private void writeTask(JsonGenerator g, TaskInfo task) throws IOException {
        g.writeStartObject();
        g.writeNumberField("task", task.number());
        g.writeStringField("outcome", switch (task.outcome()) {
            case VALUE -> "value";
            case EXCEPTION -> "exception";
            case CANCELLED -> "cancelled";
            case RUNNING -> "running";
            case NOT_STARTED -> "notStarted";
            case SCHEDULED -> "scheduled";
        });
        switch (task.outcome()) {
            case VALUE -> g.writeStringField("result", task.result());
            case EXCEPTION -> writeException(g, task.exception());
            default -> {
            }
        }
        if (timing && task.duration() != null) {
            g.writeNumberField("durationNanos", task.duration().toNanos());
        }
        g.writeEndObject();
    }

    private static void writeException(JsonGenerator g, ExceptionInfo e) throws IOException {
        g.writeObjectFieldStart("exception");
        g.writeStringField("type", e == null ? null : e.type());
        g.writeStringField("message", e == null ? null : e.message());
        g.writeEndObject();
    }

    /** The call's values on one side: {@code count}, {@code args}, {@code outcome}, {@code result}, ... */
    private void writeCall(JsonGenerator g, CallNode call, int count) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", count);
        if (call.arguments() == null) {
            g.writeNullField("args");
        } else {
            g.writeArrayFieldStart("args");
            for (String a : call.arguments()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeStringField("outcome", call.outcome().name().toLowerCase(Locale.ROOT));
        switch (call.outcome()) {
            case RETURNED -> {
                if (!call.method().returnsVoid()) {
                    g.writeStringField("result", call.result());
                }
            }
            case THREW -> writeException(g, call.exception());
            default -> {
            }
        }
        if (timing && call.duration() != null) {
            g.writeNumberField("durationNanos", call.duration().toNanos());
        }
        g.writeEndObject();
    }
}
