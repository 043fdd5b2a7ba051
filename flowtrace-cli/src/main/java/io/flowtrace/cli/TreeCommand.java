package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Focus;
import io.flowtrace.analyzer.view.MethodPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace tree}: the call tree of every thread of a recording. */
@Command(name = "tree",
        description = "Show the traced calls of a recording as one call tree per thread, with arguments, results "
                + "and exceptions.",
        mixinStandardHelpOptions = true,
        footer = {"", "Repeated identical sibling calls are folded (×N), recursions and loops collapsed into one "
                + "line, and at most 2000 call lines printed, level by level, with what is left out counted; --full "
                + "prints everything.",
                "", "Examples:",
                "  flowtrace tree flowtrace.jfr",
                "  flowtrace tree --thread main --depth 3 --exclude 'com.acme.util.**' rec.jfr",
                "  flowtrace tree --focus 'com.sun.tools.javac.main.JavaCompiler::compile' --depth 2 javac.jfr",
                "  flowtrace tree --format json flowtrace.jfr > calls.json"})
final class TreeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording made by 'flowtrace record'.")
    Path file;

    @Mixin
    CallFilterOptions filters = new CallFilterOptions();

    @Option(names = "--depth", paramLabel = "N", description = "Show N levels of calls.")
    Integer depth;

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "detailed",
            description = "detailed (results and exceptions) or minimal (calls only). Default: ${DEFAULT-VALUE}.")
    TreeOptions.Style style;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto (on a terminal, unless NO_COLOR is set), always or never. Default: "
                    + "${DEFAULT-VALUE}.")
    Colors.When color;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (schema: flowtrace-analyzer/docs/json-schema.md). Default: "
                    + "${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--timing", description = "Show how long each call took (off by default: FlowTrace is not a "
            + "profiler).")
    boolean timing;

    @Option(names = "--full", description = "No folding and no limit on the calls printed.")
    boolean full;

    @Option(names = "--max-calls", paramLabel = "N", description = "Print at most N calls (default: "
            + TreeOptions.DEFAULT_BUDGET + "; JSON: all unless given, then each list it cuts is marked 'truncated' and a"
            + " last 'cut' field counts the calls left out).")
    Integer maxCalls;

    @Option(names = "--pretty", description = "Indent JSON (it is one line unless written to a terminal).")
    boolean pretty;

    @Option(names = "--focus", paramLabel = "PATTERN", description = "Only the calls matching PATTERN and what they "
            + "called, each as a tree of its own under the path of its callers.")
    String focus;

    enum Format { text, json }

    @Override
    public Integer call() {
        if (depth != null && depth < 1) {
            throw UserException.usage("--depth must be at least 1, not " + depth);
        }
        if (maxCalls != null && maxCalls < 1) {
            throw UserException.usage("--max-calls must be at least 1, not " + maxCalls);
        }
        CallFilter.Builder filter = filters.builder();
        MethodPattern focused = focus == null ? null : Patterns.parse(List.of(focus), "--focus").get(0);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // identical calls are shared in memory; with durations, each call's are read from a column on disk
        TraceData trace = timing ? Recordings.loadTimed(file, "flowtrace tree", err, new HashSet<>())
                : Recordings.load(file, "flowtrace tree", err, true);
        if (trace.isEmpty()) {
            err.println("flowtrace tree: no traced calls in " + file + " (the agent ran but nothing matched; "
                    + "record with --include 'com.acme.**' or annotate methods with @Trace)");
            err.flush();
            if (format == Format.json) {
                render(trace, options(filter), out);
            }
            return ExitCodes.OK;
        }
        TreeOptions options = options(filter);
        long printed;
        if (focused == null) {
            printed = render(trace, options, out);
        } else { // the threads chose where to look; each focused call is then a tree of its own
            TraceData focusedTrace = Focus.of(trace, focused, options.filter());
            printed = render(focusedTrace, options(filters.callsOnly()), out);
            if (focusedTrace.threads().isEmpty()) {
                filters.checkThreadsExist(trace, options.filter());
                err.println("flowtrace tree: no call matches --focus " + focus);
                err.flush();
                return ExitCodes.OK;
            }
        }
        if (printed == 0) {
            filters.checkThreadsExist(trace, options.filter());
        }
        if (printed == 0 && format == Format.text) {
            err.println("flowtrace tree: no calls match the filters");
        }
        err.flush();
        return ExitCodes.OK;
    }

    private TreeOptions options(CallFilter.Builder filter) {
        if (depth != null) {
            filter.depth(depth);
        }
        TreeOptions.Builder builder = TreeOptions.builder()
                .style(style)
                .timing(timing)
                .color(format == Format.text && Colors.enabled(color))
                .filter(filter.build());
        if (full) {
            builder.full();
        }
        if (maxCalls != null) {
            builder.budget(maxCalls);
        }
        return builder.build();
    }

    private long render(TraceData trace, TreeOptions options, PrintWriter out) {
        try {
            long printed = format == Format.json ? new JsonRenderer(options.filter(), options.timing(),
                    pretty || System.console() != null, maxCalls == null ? Long.MAX_VALUE : maxCalls)
                    .render(trace, out)
                    : new TextTreeRenderer(options).render(trace, out);
            out.flush();
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
