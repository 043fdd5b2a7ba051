package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;

import io.flowtrace.analyzer.model.ApplicationCode;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.AsyncTree;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Writes call trees as JSON for other tools, in the schema of {@code docs/json-schema.md} (schema version
 * {@value #SCHEMA_VERSION}). Applies the thread, include, exclude and depth settings of a {@link CallFilter} but
 * never folds or leaves calls out for brevity. Like the text tree, it lays tasks out with {@link AsyncTree}: a
 * task's calls are written under the fork that created it, and forks, joins and checkpoints are items among the
 * calls. Streams with Jackson's {@link JsonGenerator} and walks the trees
 * iteratively, so call trees of any size and depth can be written.
 */
public final class JsonRenderer {
    /** Version of the JSON schema written; raised when fields change meaning or go away. */
    public static final int SCHEMA_VERSION = 2;
    /** Jackson limits nesting to 1000 by default; a call tree is as deep as the recorded recursion. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();

    /**
     * A generator for FlowTrace's JSON outputs: no nesting limit, leaves {@code out} open when closed.
     *
     * @param pretty true to indent
     */
    public static JsonGenerator generator(Writer out, boolean pretty) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (pretty) {
            g.useDefaultPrettyPrinter();
        }
        return g;
    }

    private final CallFilter filter;
    private final boolean timing;
    private final boolean pretty;
    private final long maxCalls;
    private long written;
    private long leftOut;

    /**
     * @param filter which threads and calls to write, and how deep
     * @param timing true to write {@code startNanos} and {@code durationNanos}
     * @param pretty true to indent, false for one line
     */
    public JsonRenderer(CallFilter filter, boolean timing, boolean pretty) {
        this(filter, timing, pretty, Long.MAX_VALUE);
    }

    /**
     * As {@link #JsonRenderer(CallFilter, boolean, boolean)}, writing at most {@code maxCalls} calls, in the order
     * of the trees; a call, fork or thread whose calls were left out after them is marked {@code truncated} with
     * their count ({@code callsLeftOut}), and a last {@code cut} field counts them all.
     */
    public JsonRenderer(CallFilter filter, boolean timing, boolean pretty, long maxCalls) {
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls < 0: " + maxCalls);
        }
        this.filter = Objects.requireNonNull(filter, "filter");
        this.timing = timing;
        this.pretty = pretty;
        this.maxCalls = maxCalls;
    }

    /** Uses the filter and timing of tree options, indented; style, color, folding and budget do not apply. */
    public JsonRenderer(TreeOptions options) {
        this(options.filter(), options.timing(), true);
    }

    /**
     * Writes {@code trace} to {@code out} and flushes it; {@code out} stays open.
     *
     * @return number of calls written
     */
    public long render(TraceData trace, Writer out) throws IOException {
        written = 0;
        leftOut = 0;
        try (JsonGenerator g = generator(out, pretty)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("command", trace.command());
            g.writeBooleanField("truncated", trace.truncated());
            g.writeArrayFieldStart("warnings");
            for (String w : trace.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            AsyncTree tree = new AsyncTree(filter);
            g.writeArrayFieldStart("threads");
            for (ThreadTrace thread : trace.threads()) {
                if (!filter.showsThread(thread) || filter.threads().isEmpty() && tree.isShownElsewhere(thread)) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", thread.name());
                g.writeNumberField("javaThreadId", thread.javaThreadId());
                g.writeBooleanField("virtual", thread.isVirtual());
                g.writeArrayFieldStart("calls");
                long threadLeftOut = writeItems(g, tree, trace.applicationCode(), tree.items(thread));
                g.writeEndArray();
                writeLeftOut(g, threadLeftOut);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tasks");
            for (TaskInfo task : trace.tasks()) {
                if (task.isJdkInternal()) {
                    continue;
                }
                g.writeStartObject();
                writeTaskFields(g, task, tree, trace.applicationCode());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (leftOut > 0) {
                g.writeObjectFieldStart("cut");
                g.writeNumberField("maxCalls", maxCalls);
                g.writeNumberField("callsLeftOut", leftOut);
                g.writeEndObject();
            }
            g.writeEndObject();
            if (pretty) {
                g.writeRaw('\n');
            }
        }
        out.flush();
        return written;
    }

    /**
     * Writes items and everything below them, calls past {@code maxCalls} counted instead; each open level holds the
     * items still to write and the calls it left out, which its owner (a call or fork) gets as {@code truncated}
     * and {@code callsLeftOut} after its {@code children}.
     *
     * @return the calls left out among {@code roots} and below them, for their thread to say so
     */
    private long writeItems(JsonGenerator g, AsyncTree tree, ApplicationCode app, List<Object> roots)
            throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(roots.iterator()));
        while (true) {
            Level level = levels.peek();
            if (!level.items.hasNext()) {
                levels.pop();
                if (levels.isEmpty()) {
                    return level.leftOut;
                }
                g.writeEndArray(); // children
                writeLeftOut(g, level.leftOut);
                g.writeEndObject(); // the call or fork that owns them
                continue;
            }
            Object item = level.items.next();
            if (item instanceof CallNode && written == maxCalls) {
                long calls = 1 + tree.countCallsBelow(item);
                level.leftOut += calls;
                leftOut += calls;
                continue;
            }
            g.writeStartObject();
            if (item instanceof CallNode call) {
                written++;
                writeCallFields(g, call);
            } else if (item instanceof TaskInfo task) {
                g.writeStringField("type", "fork");
                writeTaskFields(g, task, tree, app);
            } else if (item instanceof TaskJoin join) {
                writeJoinFields(g, join);
                g.writeEndObject();
                continue;
            } else if (item instanceof Checkpoint checkpoint) {
                writeCheckpointFields(g, checkpoint);
                g.writeEndObject();
                continue;
            }
            List<Object> children = tree.items(item);
            if (levels.size() >= filter.depth() && !children.isEmpty()) {
                g.writeNumberField("callsBelow", tree.countCallsBelow(item));
                children = List.of();
            }
            g.writeArrayFieldStart("children");
            levels.push(new Level(children.iterator()));
        }
    }

    /** Marks the call, fork or thread being written as missing {@code calls} calls through {@code --max-calls}. */
    private static void writeLeftOut(JsonGenerator g, long calls) throws IOException {
        if (calls > 0) {
            g.writeBooleanField("truncated", true);
            g.writeNumberField("callsLeftOut", calls);
        }
    }

    /** One open list of items being written: what is left of it, and the calls of it left out so far. */
    private static final class Level {
        final Iterator<Object> items;
        long leftOut;

        Level(Iterator<Object> items) {
            this.items = items;
        }
    }

    /** The fields of a task, without its calls; {@code tree} tells whether its calls are shown at its fork. */
    private void writeTaskFields(JsonGenerator g, TaskInfo task, AsyncTree tree, ApplicationCode app)
            throws IOException {
        g.writeNumberField("task", task.number());
        g.writeNumberField("id", task.id());
        g.writeStringField("kind", task.kind());
        g.writeStringField("executor", task.executor());
        g.writeStringField("taskObject", task.taskObject());
        if (task.parent() == null) {
            g.writeNullField("parentTask");
        } else {
            g.writeNumberField("parentTask", task.parent().number());
        }
        if (task.source() != null) {
            g.writeNumberField("source", task.source().number());
        }
        if (task.otherSource() != null) {
            g.writeNumberField("otherSource", task.otherSource().number());
        }
        g.writeStringField("forkThread", task.forkThread() == null ? null : task.forkThread().name());
        g.writeStringField("forkCall", task.forkCall() == null ? null : task.forkCall().method().displayName());
        writeFrame(g, "forkSite", task.forkSite());
        StackFrame caller = app.callerOf(task.forkSite(), task.forkStack());
        if (caller != null) {
            writeFrame(g, "forkCaller", caller);
        }
        g.writeStringField("runThread", task.runThread() == null ? null : task.runThread().name());
        g.writeStringField("outcome", switch (task.outcome()) {
            case VALUE -> "value";
            case EXCEPTION -> "exception";
            case CANCELLED -> "cancelled";
            case RUNNING -> "running";
            case NOT_STARTED -> "notStarted";
            case SCHEDULED -> "scheduled";
        });
        if (task.runs() > 1) {
            g.writeNumberField("runs", task.runs());
        }
        if (task.outcome() == TaskOutcome.VALUE) {
            g.writeStringField("result", task.result());
        }
        if (task.exception() != null) {
            g.writeObjectFieldStart("exception");
            g.writeStringField("type", task.exception().type());
            g.writeStringField("message", task.exception().message());
            g.writeEndObject();
        }
        g.writeBooleanField("shownAtFork", tree.isShownAtFork(task));
        g.writeArrayFieldStart("joins");
        for (TaskJoin join : task.joins()) {
            g.writeStartObject();
            g.writeStringField("thread", join.thread().name());
            g.writeStringField("call", join.call() == null ? null : join.call().method().displayName());
            g.writeStringField("kind", join.kind());
            g.writeBooleanField("completed", join.completed());
            writeFrame(g, "site", join.site());
            if (timing && join.waitNanos() >= 0) {
                g.writeNumberField("waitNanos", join.waitNanos());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (timing) {
            if (task.startNanos() >= 0) {
                g.writeNumberField("startNanos", task.startNanos());
            }
            if (task.duration() != null) {
                g.writeNumberField("durationNanos", task.duration().toNanos());
            }
        }
    }

    private void writeJoinFields(JsonGenerator g, TaskJoin join) throws IOException {
        g.writeStringField("type", "join");
        g.writeNumberField("task", join.task().number());
        g.writeStringField("kind", join.kind());
        g.writeBooleanField("completed", join.completed());
        if (timing && join.waitNanos() >= 0) {
            g.writeNumberField("waitNanos", join.waitNanos());
        }
    }

    private static void writeCheckpointFields(JsonGenerator g, Checkpoint c) throws IOException {
        g.writeStringField("type", "checkpoint");
        g.writeStringField("label", c.label());
        g.writeStringField("kind", switch (c.kind()) {
            case POINT -> "point";
            case BEFORE_AWAIT -> "beforeAwait";
            case AFTER_AWAIT -> "afterAwait";
        });
        if (c.kind() == Checkpoint.Kind.BEFORE_AWAIT) {
            g.writeBooleanField("resumed", !c.isUnresumed());
        }
        if (c.task() == null) {
            g.writeNullField("task");
        } else {
            g.writeNumberField("task", c.task().number());
        }
    }

    private static void writeFrame(JsonGenerator g, String field, StackFrame frame) throws IOException {
        if (frame == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("class", frame.className());
        g.writeStringField("method", frame.methodName());
        g.writeStringField("file", frame.fileName());
        g.writeNumberField("line", frame.line());
        g.writeEndObject();
    }

    private void writeCallFields(JsonGenerator g, CallNode call) throws IOException {
        g.writeStringField("type", "call");
        g.writeStringField("class", call.method().className());
        g.writeStringField("method", call.method().name());
        g.writeStringField("descriptor", call.method().descriptor());
        g.writeStringField("display", call.method().displayName());
        if (call.arguments() == null) {
            g.writeNullField("args");
        } else {
            g.writeArrayFieldStart("args");
            for (String a : call.arguments()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeStringField("outcome", switch (call.outcome()) {
            case RETURNED -> "returned";
            case THREW -> "threw";
            case RUNNING -> "running";
            case UNKNOWN -> "unknown";
        });
        switch (call.outcome()) {
            case RETURNED -> {
                if (!call.method().returnsVoid()) {
                    g.writeStringField("result", call.result());
                }
            }
            case THREW -> {
                ExceptionInfo e = call.exception();
                CallNode caughtIn = call.caughtIn();
                g.writeObjectFieldStart("exception");
                g.writeStringField("type", e.type());
                g.writeStringField("message", e.message());
                g.writeStringField("caughtIn", caughtIn == null ? null : caughtIn.method().displayName());
                g.writeEndObject();
            }
            default -> {
            }
        }
        if (call.enterLost()) {
            g.writeBooleanField("enterLost", true);
        }
        if (timing) {
            if (call.startNanos() >= 0) {
                g.writeNumberField("startNanos", call.startNanos());
            }
            if (call.duration() != null) {
                g.writeNumberField("durationNanos", call.duration().toNanos());
            }
        }
    }
}
