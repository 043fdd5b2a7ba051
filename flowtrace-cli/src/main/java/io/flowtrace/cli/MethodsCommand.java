package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.Callable;

import io.flowtrace.analyzer.methods.MethodTable;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.MethodTableRenderer;
import io.flowtrace.analyzer.view.CallFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace methods}: one row per traced method, to find one's way into a big trace. */
@Command(name = "methods",
        description = "Sum up a recording by method: calls, calls that threw, distinct argument lists, and with "
                + "--timing the total and self time; most called first.",
        mixinStandardHelpOptions = true,
        footer = {"", "Then look at one method's calls in context: flowtrace tree --include 'com.acme.Foo::bar' FILE.",
                "", "Examples:",
                "  flowtrace methods flowtrace.jfr",
                "  flowtrace methods --timing --sort self --limit 20 flowtrace.jfr",
                "  flowtrace methods --thread main --include 'com.acme.**' flowtrace.jfr"})
final class MethodsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording made by 'flowtrace record'.")
    Path file;

    @Mixin
    CallFilterOptions filters = new CallFilterOptions();

    @Option(names = "--sort", paramLabel = "COLUMN", defaultValue = "calls",
            description = "calls, threw, distinct, total, self (these two need --timing) or name. Default: "
                    + "${DEFAULT-VALUE}.")
    MethodTable.Sort sort;

    @Option(names = "--timing", description = "Add each method's total and self time (self: less the traced calls "
            + "it made).")
    boolean timing;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Print at most N methods (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw UserException.usage("--limit must be at least 1, not " + limit);
        }
        if (!timing && (sort == MethodTable.Sort.TOTAL || sort == MethodTable.Sort.SELF)) {
            throw UserException.usage("--sort " + sort.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs --timing");
        }
        CallFilter filter = filters.builder().build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // identical calls are shared in memory; with durations, each call's are read from a column on disk
        TraceData trace = timing ? Recordings.loadTimed(file, "flowtrace methods", err, new HashSet<>())
                : Recordings.load(file, "flowtrace methods", err, true);
        MethodTable table = MethodTable.of(trace, filter, sort, timing);
        if (table.rows().isEmpty()) {
            filters.checkThreadsExist(trace, filter);
            err.println("flowtrace methods: " + (trace.isEmpty() ? "no traced calls in " + file
                    : "no calls match the filters"));
            err.flush();
            return ExitCodes.OK;
        }
        try {
            new MethodTableRenderer(limit).render(table, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExitCodes.OK;
    }
}
