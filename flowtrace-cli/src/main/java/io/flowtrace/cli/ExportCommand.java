package io.flowtrace.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.ChromeTraceRenderer;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Timeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace export}: the recording as a timeline for ui.perfetto.dev and chrome://tracing. */
@Command(name = "export",
        description = {"Write a recording as a timeline in the Chrome trace-event JSON format, for "
                + "https://ui.perfetto.dev or chrome://tracing: a track per thread, a slice per call (arguments, "
                + "result and exception in its details), a slice per task run, arrows from each fork to the task "
                + "and from the task to whoever joined it, checkpoints as instants.",
                "Exit code 0 when written, 1 when the output cannot be written, 2 on bad usage or an unreadable "
                        + "recording."},
        mixinStandardHelpOptions = true,
        footer = {"", "At most " + ChromeTraceRenderer.DEFAULT_MAX_CALLS + " calls are written unless --max-calls "
                + "says otherwise: whole levels of calls from the top, the deeper ones left out (and said so on "
                + "stderr), which keeps the file loadable by the viewers.",
                "", "Examples:",
                "  flowtrace export flowtrace.jfr                  # writes flowtrace.json",
                "  flowtrace export -o shop.json --thread main --thread 'pool-*' shop.jfr",
                "  flowtrace export --max-calls 2000000 -o - rec.jfr | gzip > rec.json.gz"})
final class ExportCommand implements Callable<Integer> {
    private static final String NAME = "flowtrace export";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording made by 'flowtrace record' or 'flowtrace dump'.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write the JSON; - for "
            + "standard output. Default: FILE with .json instead of .jfr.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "chrome",
            description = "chrome (the Chrome trace-event JSON that Perfetto reads). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--thread", paramLabel = "NAME", description = "Only threads with this name (* matches any "
            + "characters); repeatable.")
    List<String> threads = new ArrayList<>();

    @Option(names = "--include", paramLabel = "PATTERN", description = "Only calls matching PATTERN (their "
            + "shown callees move up).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "Leave out calls matching PATTERN (their "
            + "callees move up).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--max-calls", paramLabel = "N", description = "Write at most N calls (default: "
            + ChromeTraceRenderer.DEFAULT_MAX_CALLS + ").")
    Long maxCalls;

    enum Format { chrome }

    @Override
    public Integer call() {
        if (maxCalls != null && maxCalls < 1) {
            throw UserException.usage("--max-calls must be at least 1, not " + maxCalls);
        }
        CallFilter.Builder builder = CallFilter.builder();
        threads.forEach(builder::thread);
        Patterns.parse(includes, "--include").forEach(builder::include);
        Patterns.parse(excludes, "--exclude").forEach(builder::exclude);
        CallFilter filter = builder.build();
        Path target = "-".equals(output) ? null : output != null ? Path.of(output) : defaultOutput(file);
        if (target != null && Files.isDirectory(target)) {
            throw UserException.usage("output is a directory: " + target);
        }
        if (target != null && target.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            throw UserException.usage("output is the recording itself: " + target);
        }
        PrintWriter err = spec.commandLine().getErr();
        // each call's times from a column on disk, identical calls shared in memory: any size reads in the heap
        TraceData trace = Recordings.loadTimed(file, NAME, err, new HashSet<>());
        err.flush();
        if (!threads.isEmpty() && trace.threads().stream().noneMatch(filter::showsThread)) {
            throw UserException.usage("no thread matches " + String.join(", ", threads) + " (threads: "
                    + trace.threads().stream().map(ThreadTrace::name).distinct().collect(Collectors.joining(", "))
                    + ")");
        }
        ChromeTraceRenderer renderer = new ChromeTraceRenderer(filter,
                maxCalls == null ? ChromeTraceRenderer.DEFAULT_MAX_CALLS : maxCalls);
        String process = trace.command() == null ? file.getFileName().toString() : trace.command();
        ChromeTraceRenderer.Summary summary;
        if (target == null) {
            PrintWriter out = spec.commandLine().getOut();
            summary = render(renderer, trace, process, out, "standard output");
        } else {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target),
                    StandardCharsets.UTF_8), 1 << 16)) {
                summary = render(renderer, trace, process, out, target.toString());
            } catch (NoSuchFileException | AccessDeniedException e) {
                throw new UserException(ExitCodes.FAILURE, "cannot write " + target + (e instanceof NoSuchFileException
                        ? " (no such directory)" : " (permission denied)"), e);
            } catch (IOException e) {
                throw new UserException(ExitCodes.FAILURE, "cannot write " + target + " (" + e.getMessage() + ")",
                        e);
            }
        }
        report(trace, summary, target, err);
        return ExitCodes.OK;
    }

    private static ChromeTraceRenderer.Summary render(ChromeTraceRenderer renderer, TraceData trace, String process,
            Writer out, String where) {
        try {
            return renderer.render(trace, process, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + where, e);
        }
    }

    /** {@code rec.jfr} → {@code rec.json}, beside it. */
    static Path defaultOutput(Path recording) {
        String name = recording.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return recording.resolveSibling(base + ".json");
    }

    private void report(TraceData trace, ChromeTraceRenderer.Summary summary, Path target, PrintWriter err) {
        Timeline t = summary.timeline();
        if (trace.isEmpty()) {
            err.println(NAME + ": no traced calls in " + file + " (the agent ran but nothing matched; record with "
                    + "--include 'com.acme.**' or annotate methods with @Trace)");
        } else if (t.shownCalls() == 0) {
            err.println(NAME + ": no calls match the filters");
        }
        if (t.zeroDurationCalls() > 0) {
            err.println(NAME + ": call times are coarse (recorded to about 1 ms: " + count(t.zeroDurationCalls())
                    + " of " + count(t.timedCalls()) + " calls show no duration); record with --timing exact for "
                    + "exact times");
        }
        if (t.isCut()) {
            long left = t.shownCalls() - t.keptCalls();
            err.println(NAME + ": wrote " + count(t.keptCalls()) + " of " + count(t.shownCalls()) + " calls: "
                    + (t.keptLevels() > 0 ? "the top " + counted(t.keptLevels(), "level") + ", " + count(left)
                    + " deeper calls left out" : "the first top-level calls only, " + count(left) + " left out")
                    + " (--max-calls N writes more; --thread, --include and --exclude choose which)");
        }
        if (target != null) {
            err.println(NAME + ": " + counted(t.keptCalls(), "call") + ", " + counted(summary.tasks(), "task run")
                    + ", " + counted(summary.flows(), "arrow") + " on " + counted(summary.threads(), "thread") + " → "
                    + target + " (open it in https://ui.perfetto.dev)");
        }
        err.flush();
    }

    private static String counted(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
