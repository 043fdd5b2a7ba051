package io.flowtrace.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import picocli.CommandLine.Option;

/**
 * The options that say what the agent traces and how, shared by {@code record} and {@code attach}; they become
 * the agent's options ({@link #agentOptions}).
 */
final class AgentSettings {
    @Option(names = "--include", paramLabel = "PATTERN", description = "Trace these classes or methods instead of the "
            + "application's own classes (methods annotated @Trace are traced either way).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "Never trace these (wins over --include "
            + "and @Trace).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--values", paramLabel = "MODE", defaultValue = "safe",
            description = "How to record argument and result values: safe (never calls the program's code; "
                    + "objects as Class@id), tostring (also call toString(), guarded), none. Default: "
                    + "${DEFAULT-VALUE}.")
    ValuesMode values;

    @Option(names = "--secrets", paramLabel = "WORDS", split = ",",
            description = "More parameter-name words whose arguments are recorded as \"***\", besides password, "
                    + "passwd, pwd, secret, token, apikey, api_key, credential, privatekey, accesskey "
                    + "(case-insensitive substrings; comma-separated).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "GROUP", split = ",",
            description = "Do not record tasks handed off through these: executors, forkjoin, completablefuture, "
                    + "threads, structured (comma-separated).")
    List<TaskGroup> disabled = new ArrayList<>();

    @Option(names = "--no-tasks", description = "Record no tasks at all: only the traced methods' calls.")
    boolean noTasks;

    @Option(names = "--no-cache", description = "Do not keep the instrumented classes between runs "
            + "(kept in ~/.cache/flowtrace otherwise, so that later runs start faster).")
    boolean noCache;

    @Option(names = "--max-string", paramLabel = "N", defaultValue = "80",
            description = "Cut string values after N characters (default: ${DEFAULT-VALUE}).")
    int maxString;

    @Option(names = "--timing", paramLabel = "MODE", defaultValue = "coarse",
            description = "Call times: coarse (a clock read every millisecond: durations to about 1 ms, the "
                    + "cheapest), exact (System.nanoTime() at every enter and exit: exact durations, slower). "
                    + "Default: ${DEFAULT-VALUE}.")
    TimingMode timing;

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "0",
            description = "Keep at most SIZE of recording per JVM, e.g. 500m or 2g; the oldest data is dropped "
                    + "past it, with a warning. Default: 0, unlimited.")
    String maxSize;

    @Option(names = "--agent", paramLabel = "JAR", description = "The agent jar to use (default: the one built "
            + "with this CLI).")
    Path agent;

    enum ValuesMode { safe, tostring, none }

    enum TimingMode { coarse, exact }

    /** The agent's async instrumentation groups ({@code disable=} in its options). */
    enum TaskGroup { executors, forkjoin, completablefuture, threads, structured }

    /** The agent's options for these settings; checks them first and throws a usage error for a bad one. */
    Map<String, String> agentOptions() {
        if (maxString < 1) {
            throw UserException.usage("--max-string must be at least 1, not " + maxString);
        }
        long maxBytes = Sizes.parse(maxSize, "--max-size");
        Patterns.validate(includes, "--include");
        Patterns.validate(excludes, "--exclude");
        for (String word : secrets) {
            if (!word.matches("[A-Za-z0-9_$]+")) {
                throw UserException.usage("--secrets: not a parameter-name word: '" + word + "'");
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("include", String.join("|", includes));
        options.put("exclude", String.join("|", excludes));
        options.put("values", values.name());
        options.put("maxString", Integer.toString(maxString));
        options.put("timing", timing.name());
        options.put("secrets", String.join("|", secrets));
        options.put("maxSize", Long.toString(maxBytes));
        if (noCache) {
            options.put("cache", "none");
        }
        if (noTasks) {
            options.put("async", "false");
        } else if (!disabled.isEmpty()) {
            options.put("disable", disabled.stream().map(Enum::name).collect(Collectors.joining("|")));
        }
        return options;
    }

    /** The agent jar: {@code --agent} or the one that came with the CLI. */
    Path agentJar() {
        return AgentJar.locate(agent);
    }
}
