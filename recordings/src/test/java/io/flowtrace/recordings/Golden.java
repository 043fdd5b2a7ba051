package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.flowtrace.cli.Main;

/** Runs the CLI in-process and compares what it prints with a golden file, naming the first line that differs. */
final class Golden {
    /**
     * What differs between runs and JDKs: object identities ({@code Line@1b6d3586}), thread ids (JDK 25's main
     * thread is #3, JDK 17's #1; virtual threads are named by id), the recorder's task ids (threads race for them),
     * which worker of a pool ran a task (an idle worker takes the next one; Reactor's parallel scheduler has one
     * per core), the JDK's class behind
     * {@code Executors.newSingleThreadExecutor()}, and the state of a thread in the thread dump at exit (it races
     * with the shutdown), and the addresses of the locks a deadlock names. Everything else must not.
     */
    static final UnaryOperator<String> RUN_SPECIFIC = text -> text.replaceAll("@[0-9a-f]{1,8}\\b", "@…")
            .replaceAll("<0x[0-9a-f]+>", "<0x…>")
            .replaceAll("\"javaThreadId\" : \\d+", "\"javaThreadId\" : …")
            .replaceAll("virtual #\\d+", "virtual #…")
            .replaceAll("\"id\" : \\d+", "\"id\" : …")
            .replaceAll("\\b(pool-\\d+-thread-|ForkJoinPool-\\d+-worker-|ForkJoinPool\\.commonPool-worker-|parallel-"
                    + "|boundedElastic-)\\d+", "$1…")
            .replaceAll("Executors\\$\\w+DelegatedExecutorService", "Executors\\$…DelegatedExecutorService")
            .replaceAll("(?m)^(    blocked at .*)  \\[[^\\]]*\\]$", "$1  […]");

    private Golden() {
    }

    record Output(int code, String out, String err) {
    }

    static Output cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(code, out.toString(), err.toString());
    }

    /** {@code flowtrace tree --color never <options> <recording>}. */
    static Output tree(Path recording, List<String> options) {
        List<String> args = new ArrayList<>(List.of("tree", "--color", "never"));
        args.addAll(options);
        args.add(recording.toString());
        return cli(args);
    }

    /**
     * A golden view: {@code flowtrace tasks|methods <options> <recording>} when the options start with one of them,
     * else {@code flowtrace tree --color never <options> <recording>}.
     */
    static Output view(Path recording, List<String> options) {
        if (!options.isEmpty() && (options.get(0).equals("tasks") || options.get(0).equals("methods"))) {
            List<String> args = new ArrayList<>(options);
            args.add(recording.toString());
            return cli(args);
        }
        return tree(recording, options);
    }

    /** The exit code a view must have: {@code tasks} exits 1 when it reports problems. */
    static int expectedCode(List<String> options, String out) {
        boolean tasks = !options.isEmpty() && options.get(0).equals("tasks");
        return tasks && !out.lines().reduce((a, b) -> b).orElse("").startsWith("No problems") ? 1 : 0;
    }

    static void assertMatches(Path golden, String actual, UnaryOperator<String> normalize, String context)
            throws IOException {
        String expected = normalize.apply(Files.readString(golden));
        String got = normalize.apply(actual);
        if (expected.equals(got)) {
            return;
        }
        List<String> e = expected.lines().toList();
        List<String> g = got.lines().toList();
        int line = 0;
        while (line < e.size() && line < g.size() && e.get(line).equals(g.get(line))) {
            line++;
        }
        String want = line < e.size() ? e.get(line) : "(end of file)";
        String was = line < g.size() ? g.get(line) : "(end of output)";
        fail(Example.HOME.relativize(golden) + ":" + (line + 1) + " (" + context + ")\n  expected: " + want
                + "\n  actual:   " + was + "\n(if the change is intended, run recordings/regenerate.sh and review "
                + "the diff)\n--- actual output ---\n" + actual);
    }
}
