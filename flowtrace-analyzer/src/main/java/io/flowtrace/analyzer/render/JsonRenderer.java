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

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Writes call trees as JSON for other tools, in the schema of {@code docs/json-schema.md} (schema version
 * {@value #SCHEMA_VERSION}). Applies the thread, include, exclude and depth settings of a {@link CallFilter} but
 * never folds or leaves calls out for brevity. Streams with Jackson's {@link JsonGenerator} and walks the trees
 * iteratively, so call trees of any size and depth can be written.
 */
public final class JsonRenderer {
    /** Version of the JSON schema written; raised when fields change meaning or go away. */
    public static final int SCHEMA_VERSION = 1;
    /** Jackson limits nesting to 1000 by default; a call tree is as deep as the recorded recursion. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();

    private final CallFilter filter;
    private final boolean timing;
    private final boolean pretty;

    /**
     * @param filter which threads and calls to write, and how deep
     * @param timing true to write {@code startNanos} and {@code durationNanos}
     * @param pretty true to indent, false for one line
     */
    public JsonRenderer(CallFilter filter, boolean timing, boolean pretty) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.timing = timing;
        this.pretty = pretty;
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
        long calls = 0;
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("command", trace.command());
            g.writeBooleanField("truncated", trace.truncated());
            g.writeArrayFieldStart("warnings");
            for (String w : trace.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("threads");
            for (ThreadTrace thread : trace.threads()) {
                if (!filter.showsThread(thread)) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", thread.name());
                g.writeNumberField("javaThreadId", thread.javaThreadId());
                g.writeBooleanField("virtual", thread.isVirtual());
                g.writeArrayFieldStart("calls");
                calls += writeCalls(g, filter.shownRoots(thread));
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            if (pretty) {
                g.writeRaw('\n');
            }
        }
        out.flush();
        return calls;
    }

    /** Writes calls and everything below them; each open level holds the calls still to write. */
    private long writeCalls(JsonGenerator g, List<CallNode> roots) throws IOException {
        long written = 0;
        Deque<Iterator<CallNode>> levels = new ArrayDeque<>();
        levels.push(roots.iterator());
        while (!levels.isEmpty()) {
            Iterator<CallNode> level = levels.peek();
            if (!level.hasNext()) {
                levels.pop();
                if (!levels.isEmpty()) {
                    g.writeEndArray(); // children
                    g.writeEndObject(); // the call that owns them
                }
                continue;
            }
            CallNode call = level.next();
            written++;
            writeCallFields(g, call);
            List<CallNode> children = filter.shownChildren(call);
            if (levels.size() >= filter.depth() && !children.isEmpty()) {
                g.writeNumberField("callsBelow", filter.countShownBelow(call));
                children = List.of();
            }
            g.writeArrayFieldStart("children");
            levels.push(children.iterator());
        }
        return written;
    }

    private void writeCallFields(JsonGenerator g, CallNode call) throws IOException {
        g.writeStartObject();
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
