package io.flowtrace.recordings;

import java.io.StringWriter;

import io.flowtrace.analyzer.diff.DiffModel;
import io.flowtrace.analyzer.diff.DiffOptions;
import io.flowtrace.analyzer.diff.JsonDiffRenderer;
import io.flowtrace.analyzer.diff.TextDiffRenderer;
import io.flowtrace.analyzer.diff.TraceDiffer;
import io.flowtrace.analyzer.methods.MethodTable;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.MethodTableRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;

/** What the commands print for a recording read one way or another, to compare the readers by what users see. */
final class Rendered {
    private Rendered() {
    }

    /** The diff of two recordings, as text and as JSON. */
    static String diff(DiffOptions options, TraceData a, TraceData b) throws Exception {
        StringWriter out = new StringWriter();
        DiffModel model = new TraceDiffer(options).diff(a, b);
        new TextDiffRenderer(options.filter(), false, Long.MAX_VALUE).render(model, "a.jfr", "b.jfr", out);
        new JsonDiffRenderer(options.filter(), true).render(model, "a.jfr", "b.jfr", out);
        return out.toString();
    }

    /** The text tree. */
    static String text(TraceData trace, TreeOptions options) throws Exception {
        StringWriter out = new StringWriter();
        new TextTreeRenderer(options).render(trace, out);
        return out.toString();
    }

    /** The method table, with times ({@code methods --timing}, by self time) or without (by calls). */
    static String methods(TraceData trace, boolean timing) throws Exception {
        StringWriter out = new StringWriter();
        new MethodTableRenderer(Integer.MAX_VALUE).render(MethodTable.of(trace, CallFilter.NONE,
                timing ? MethodTable.Sort.SELF : MethodTable.Sort.CALLS, timing), out);
        return out.toString();
    }

    /** The JSON tree, with or without times. */
    static String json(TraceData trace, boolean timing) throws Exception {
        StringWriter out = new StringWriter();
        new JsonRenderer(CallFilter.NONE, timing, true).render(trace, out);
        return out.toString();
    }
}
