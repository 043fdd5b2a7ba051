package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TaskReport;
import io.flowtrace.analyzer.view.CallFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace tasks}: what did not finish cleanly, with fork sites; exit code 1 when anything did not. */
@Command(name = "tasks",
        description = {"Report tasks and threads that did not finish cleanly: still running when the recording "
                + "ended (and where they are blocked), failed with nobody waiting for them, never started; calls "
                + "still open; beforeAwait checkpoints without afterAwait. Each comes with its async stack: the "
                + "calls it was in and the chain of forks above it.",
                "Idle pool threads and periodic schedules waiting for their next run are counted, not reported. "
                        + "--thread, --include and --exclude choose threads and calls as in 'tree': a problem is "
                        + "reported when it is on a chosen thread and, with --include, has a chosen call.",
                "Exit code 0 when nothing was found, 1 when something was, 2 when the file cannot be read."},
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  flowtrace tasks flowtrace.jfr",
                "  flowtrace tasks --strict flowtrace.jfr || echo 'async trouble'",
                "  flowtrace tasks --thread 'pool-*' --include 'com.acme.**' flowtrace.jfr",
                "  flowtrace dump 4711 && flowtrace tasks flowtrace-4711-snapshot.jfr"})
final class TasksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording made by 'flowtrace record' or 'flowtrace dump'.")
    Path file;

    @Option(names = "--strict", description = "Also count tasks that finished but were never joined as problems.")
    boolean strict;

    /** As in tree: --thread keeps the problems of those threads, --include those with a matching call. */
    @Mixin
    CallFilterOptions filters = new CallFilterOptions();

    @Override
    public Integer call() {
        CallFilter filter = filters.builder().build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the report reads open and marked calls only, and with includes whether a task made a shown call
        TraceData trace = Recordings.loadForTasks(file, "flowtrace tasks", err,
                filter.includes().isEmpty() ? null : filter::showsCall);
        err.flush();
        filters.checkThreadsExist(trace, filter);
        if (!filter.includes().isEmpty() && trace.methods().values().stream()
                .noneMatch(m -> filter.includes().stream().anyMatch(p -> p.matches(m)))) {
            err.println("flowtrace tasks: warning: no traced method matches --include " + String.join(", ",
                    filters.includes));
            err.flush();
        }
        TaskReport report = new TaskReport(trace, strict, filter);
        try {
            report.render(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report.problemCount() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
