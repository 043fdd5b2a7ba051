package io.flowtrace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;
import picocli.CommandLine.Option;

/** {@code --thread}, {@code --include} and {@code --exclude}: the same choice of threads and calls for tree and tasks. */
final class CallFilterOptions {
    @Option(names = "--thread", paramLabel = "NAME", description = "Only threads with this name (* matches any "
            + "characters); repeatable.")
    List<String> threads = new ArrayList<>();

    @Option(names = "--include", paramLabel = "PATTERN", description = "Show only calls matching PATTERN (their "
            + "shown callees move up).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "Hide calls matching PATTERN (their "
            + "callees move up).")
    List<String> excludes = new ArrayList<>();

    /** The filter's threads and patterns; a bad pattern is a usage error naming its option. */
    CallFilter.Builder builder() {
        CallFilter.Builder builder = callsOnly();
        threads.forEach(builder::thread);
        return builder;
    }

    /** The filter's patterns, for all threads. */
    CallFilter.Builder callsOnly() {
        CallFilter.Builder builder = CallFilter.builder();
        Patterns.parse(includes, "--include").forEach(builder::include);
        Patterns.parse(excludes, "--exclude").forEach(builder::exclude);
        return builder;
    }

    /** Fails with a usage error when threads were named and none of the recording's matches. */
    void checkThreadsExist(TraceData trace, CallFilter filter) {
        if (!threads.isEmpty() && trace.threads().stream().noneMatch(filter::showsThread)) {
            throw UserException.usage("no thread matches " + String.join(", ", threads) + " (threads: "
                    + trace.threads().stream().map(ThreadTrace::name).distinct().collect(Collectors.joining(", "))
                    + ")");
        }
    }
}
