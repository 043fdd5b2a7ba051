package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.flowtrace.analyzer.diff.DiffModel;
import io.flowtrace.analyzer.diff.DiffOptions;
import io.flowtrace.analyzer.diff.JsonDiffRenderer;
import io.flowtrace.analyzer.diff.TextDiffRenderer;
import io.flowtrace.analyzer.diff.TraceDiffer;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace diff}: what changed in behaviour between two recordings. */
@Command(name = "diff",
        description = "Compare the behaviour recorded in two runs: calls and tasks added (+), removed (-) and "
                + "changed (~: arguments, result, exception, repeat count), as one unified call tree per thread.",
        mixinStandardHelpOptions = true,
        footer = {"", "Tasks are compared at their forks, under the call that forked them, as 'flowtrace tree' "
                + "shows them: whichever thread ran them and in whatever interleaving. Threads are matched by "
                + "name with numbers ignored (pool-3-thread-7 is pool-#-thread-#); the other calls of several "
                + "threads of one such role are compared as a set. Object identities (Foo@1b6d3586) are equal "
                + "across runs unless --strict-identities. Durations are ignored unless --timing.",
                "", "Exit status: 0 same behaviour, 1 differences, 2 bad usage or unreadable recording.",
                "", "Examples:",
                "  flowtrace diff before.jfr after.jfr",
                "  flowtrace diff --ignore-args --exclude 'com.acme.util.**' v1.jfr v2.jfr",
                "  flowtrace diff --timing 5ms --format json before.jfr after.jfr > diff.json"})
final class DiffCommand implements Callable<Integer> {
    private static final String NAME = "flowtrace diff";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The recording before (made by 'flowtrace record').")
    Path fileA;

    @Parameters(index = "1", paramLabel = "B", description = "The recording after.")
    Path fileB;

    @Option(names = "--thread", paramLabel = "NAME", description = "Only threads with this name (* matches any "
            + "characters); repeatable.")
    List<String> threads = new ArrayList<>();

    @Option(names = "--include", paramLabel = "PATTERN", description = "Compare only calls matching PATTERN "
            + "(their compared callees move up).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "Leave out calls matching PATTERN (their "
            + "callees move up).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--ignore-args", description = "Arguments do not count: calls are matched by method alone.")
    boolean ignoreArgs;

    @Option(names = "--ignore-results", description = "Results do not count (exceptions still do).")
    boolean ignoreResults;

    @Option(names = "--strict-identities", description = "Object identities such as Foo@1b6d3586 count (by default "
            + "the @hex part is ignored: it differs between runs by nature).")
    boolean strictIdentities;

    @Option(names = "--timing", paramLabel = "THRESHOLD", description = "Also report calls whose duration changed "
            + "by more than THRESHOLD, e.g. 5ms, 200us, 1.5s.")
    String timing;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto (on a terminal, unless NO_COLOR is set), always or never. Default: "
                    + "${DEFAULT-VALUE}.")
    Colors.When color;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (format: flowtrace-analyzer/docs/diff-json.md). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--full", description = "No limit on the lines printed (default: "
            + TextDiffRenderer.DEFAULT_BUDGET + " call lines).")
    boolean full;

    enum Format { text, json }

    @Override
    public Integer call() {
        DiffOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // identical calls are shared in memory; with durations, each call's are read from a column on disk
        Set<String> said = new HashSet<>();
        TraceData a = timing == null ? Recordings.load(fileA, NAME, err, true, said)
                : Recordings.loadTimed(fileA, NAME, err, said);
        TraceData b = timing == null ? Recordings.load(fileB, NAME, err, true, said)
                : Recordings.loadTimed(fileB, NAME, err, said);
        err.flush();
        DiffModel diff = new TraceDiffer(options).diff(a, b);
        if (!threads.isEmpty() && diff.groups().isEmpty()) {
            throw UserException.usage("no thread matches " + String.join(", ", threads) + " in either recording");
        }
        try {
            if (format == Format.json) {
                new JsonDiffRenderer(options.filter(), options.timing())
                        .render(diff, fileA.toString(), fileB.toString(), out);
            } else {
                new TextDiffRenderer(options.filter(), Colors.enabled(color),
                        full ? Long.MAX_VALUE : TextDiffRenderer.DEFAULT_BUDGET)
                        .render(diff, fileA.toString(), fileB.toString(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return diff.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private DiffOptions options() {
        CallFilter.Builder filter = CallFilter.builder();
        threads.forEach(filter::thread);
        Patterns.parse(includes, "--include").forEach(filter::include);
        Patterns.parse(excludes, "--exclude").forEach(filter::exclude);
        return DiffOptions.builder()
                .filter(filter.build())
                .ignoreArgs(ignoreArgs)
                .ignoreResults(ignoreResults)
                .strictIdentities(strictIdentities)
                .timingThreshold(timing == null ? DiffOptions.NO_TIMING : Durations.parseNanos(timing, "--timing"))
                .build();
    }
}
