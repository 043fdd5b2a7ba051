package io.flowtrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import benchmarks.Fib;

/**
 * Measures, in one run on the running JVM, what a traced call costs: untraced, under FlowTrace's agent and (on JDK
 * 25+) under JDK 25's own method tracing (JEP 520, {@code jdk.MethodTrace} without stack traces) — time per call
 * with JMH, then recording bytes per call from separate runs of a fixed workload. Variants show where FlowTrace's
 * time goes: without values, with a clock read per record, the agent with nothing traced (its clock thread
 * alone), and a method with a String argument beside its baseline for issue #18's goal 4: the int calls whose body
 * also copies the string's chars ({@link Fib#fibCopy}), and the same with an int argument in the String's place
 * ({@link Fib#fibIdCopy}).
 *
 * <pre>java -jar flowtrace-benchmarks/target/benchmarks.jar AGENT_JAR [forks] [OUT_DIR] [BENCHMARKS]</pre>
 * BENCHMARKS, e.g. {@code fib,fibOf,fibCopy,fibIdCopy}, runs the setups of those benchmarks only (default: all).
 */
public final class PerCallCost {
    private static final int N = 20;
    private static final String FIB = "benchmarks.Fib::fib";
    private static final String FIB_OF = "benchmarks.Fib::fibOf";
    private static final String FIB_COPY = "benchmarks.Fib::fibCopy";
    private static final String FIB_ID_COPY = "benchmarks.Fib::fibIdCopy";

    /** One JMH run: a benchmark method under a tracer given by JVM options. */
    private record Setup(String label, String benchmark, List<String> jvmOptions) {
    }

    /** Per call: the median of the measurement iterations (these machines are noisy), and JMH's mean ± error. */
    private record Score(double median, double mean, double error) {
    }

    private PerCallCost() {
    }

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: java -jar benchmarks.jar AGENT_JAR [forks] [OUT_DIR] [BENCHMARKS]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench").toAbsolutePath());
        Set<String> benchmarks = args.length > 3 ? Set.of(args[3].split(",")) : Set.of("fib", "fibOf", "fibCopy", "fibIdCopy");
        boolean jep520 = Runtime.version().feature() >= 25;

        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("untraced", "fib", List.of()));
        setups.add(new Setup("flowtrace", "fib", flowtrace(agent, out, FIB, "")));
        if (jep520) {
            setups.add(new Setup("jep520", "fib", jep520(out, FIB)));
        }
        setups.add(new Setup("flowtrace values=none", "fib", flowtrace(agent, out, FIB, ";values=none")));
        setups.add(new Setup("flowtrace timing=exact", "fib", flowtrace(agent, out, FIB, ";timing=exact")));
        // @Trace is overridden by exclude: the agent and its clock thread run, fib is not traced
        setups.add(new Setup("agent, fib not traced", "fib", flowtrace(agent, out, FIB, ";exclude=" + FIB)));
        setups.add(new Setup("untraced", "fibOf", List.of()));
        setups.add(new Setup("flowtrace", "fibOf", flowtrace(agent, out, FIB_OF, "")));
        if (jep520) {
            setups.add(new Setup("jep520", "fibOf", jep520(out, FIB_OF)));
        }
        setups.add(new Setup("untraced", "fibCopy", List.of()));
        setups.add(new Setup("flowtrace", "fibCopy", flowtrace(agent, out, FIB_COPY, "")));
        setups.add(new Setup("untraced", "fibIdCopy", List.of()));
        setups.add(new Setup("flowtrace", "fibIdCopy", flowtrace(agent, out, FIB_ID_COPY, "")));
        setups.removeIf(setup -> !benchmarks.contains(setup.benchmark()));

        long callsPerOp = Fib.calls(N);
        Map<Setup, Score> scores = new LinkedHashMap<>();
        for (Setup setup : setups) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(TracedCalls.class.getName() + "." + setup.benchmark() + "$")
                    .param("n", Integer.toString(N))
                    .forks(forks)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.NANOSECONDS)
                    .jvmArgsAppend(setup.jvmOptions().toArray(String[]::new));
            RunResult result = new Runner(options.build()).runSingle();
            List<Double> iterations = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    iterations.add(iteration.getPrimaryResult().getScore());
                }
            }
            iterations.sort(null);
            double median = (iterations.get((iterations.size() - 1) / 2) + iterations.get(iterations.size() / 2)) / 2;
            scores.put(setup, new Score(median / callsPerOp, result.getPrimaryResult().getScore() / callsPerOp,
                    result.getPrimaryResult().getScoreError() / callsPerOp));
        }

        Map<String, Double> bytesPerCall = recordingSizes(agent, out, jep520);

        System.out.printf(Locale.ROOT, "%nJDK %s, %d cores, fib(%d) = %,d calls per operation, %d forks, load %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), N, callsPerOp, forks, load());
        System.out.println("| benchmark | tracer | median ns per call | mean (±99.9%) | added ns per call (median)"
                + " | bytes per call |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, Double> added = new LinkedHashMap<>();
        for (Map.Entry<Setup, Score> entry : scores.entrySet()) {
            Setup setup = entry.getKey();
            double untraced = scores.entrySet().stream()
                    .filter(e -> e.getKey().benchmark().equals(setup.benchmark())
                            && e.getKey().label().equals("untraced"))
                    .findFirst().orElseThrow().getValue().median();
            double extra = entry.getValue().median() - untraced;
            added.put(setup.benchmark() + " " + setup.label(), extra);
            Double bytes = bytesPerCall.get(setup.benchmark() + " " + setup.label());
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f (±%.1f) | %s | %s |%n", setup.benchmark(),
                    setup.label(), entry.getValue().median(), entry.getValue().mean(), entry.getValue().error(),
                    setup.label().equals("untraced") ? "–" : String.format(Locale.ROOT, "%.1f", extra),
                    bytes == null ? "–" : String.format(Locale.ROOT, "%.1f", bytes));
        }
        if (added.containsKey("fibOf flowtrace")) {
            double fibOf = traced(scores, "fibOf");
            for (String baseline : List.of("fibCopy", "fibIdCopy")) {
                if (added.containsKey(baseline + " flowtrace")) {
                    double base = traced(scores, baseline);
                    System.out.printf(Locale.ROOT, "goal 4 (a String argument costs no more than an int one plus a"
                            + " copy of its chars): fibOf %.1f ns a call, baseline %s %.1f: %.2fx, %s%n", fibOf,
                            baseline, base, fibOf / base, fibOf <= base ? "met" : "not met");
                }
            }
        }
        if (added.containsKey("fib jep520")) {
            System.out.printf(Locale.ROOT, "ratio FlowTrace / JEP 520 (fib): time %.2f, size %.2f%n",
                    added.get("fib flowtrace") / added.get("fib jep520"),
                    bytesPerCall.get("fib flowtrace") / bytesPerCall.get("fib jep520"));
        }
    }

    /** The median ns a call of {@code benchmark} under FlowTrace's agent. */
    private static double traced(Map<Setup, Score> scores, String benchmark) {
        return scores.entrySet().stream().filter(e -> e.getKey().label().equals("flowtrace")
                && e.getKey().benchmark().equals(benchmark)).findFirst().orElseThrow().getValue().median();
    }

    private static List<String> flowtrace(Path agent, Path out, String include, String more) {
        // maxSize keeps the disk use of long JMH forks bounded; dropping old chunks does not change the cost
        return List.of("-javaagent:" + agent + "=include=" + include + ";maxSize=268435456;output="
                + out.resolve("jmh-flowtrace.jfr") + more);
    }

    private static List<String> jep520(Path out, String filter) {
        return List.of("-XX:StartFlightRecording:filename=" + out.resolve("jmh-jep520.jfr")
                + ",maxsize=256m,jdk.MethodTrace#filter=" + filter + ",jdk.MethodTrace#stackTrace=false");
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Bytes per call: the recording of fib(25) (or fibOf) run 20 times, less the recording of fib(1) (JFR's fixed
     * metadata), divided by the calls made.
     */
    private static Map<String, Double> recordingSizes(Path agent, Path out, boolean jep520)
            throws IOException, InterruptedException {
        Map<String, Double> result = new LinkedHashMap<>();
        int n = 25;
        int repetitions = 20;
        long calls = Fib.calls(n) * repetitions;
        result.put("fib flowtrace", perCall(calls, file -> List.of("-javaagent:" + agent + "=include=" + FIB
                + ";output=" + file), out.resolve("size-flowtrace"), n, repetitions));
        result.put("fibOf flowtrace", perCall(calls, file -> List.of("-javaagent:" + agent + "=include=" + FIB_OF
                + ";output=" + file), out.resolve("size-flowtrace-of"), n, repetitions, "fibOf"));
        result.put("fib flowtrace timing=exact", perCall(calls, file -> List.of("-javaagent:" + agent + "=include="
                + FIB + ";timing=exact;output=" + file), out.resolve("size-flowtrace-exact"), n, repetitions));
        result.put("fib flowtrace values=none", perCall(calls, file -> List.of("-javaagent:" + agent + "=include="
                + FIB + ";values=none;output=" + file), out.resolve("size-flowtrace-none"), n, repetitions));
        if (jep520) {
            result.put("fib jep520", perCall(calls, file -> List.of("-XX:StartFlightRecording:filename=" + file
                    + ",jdk.MethodTrace#filter=" + FIB + ",jdk.MethodTrace#stackTrace=false"),
                    out.resolve("size-jep520"), n, repetitions));
        }
        return result;
    }

    private static double perCall(long calls, Function<Path, List<String>> options, Path base, int n,
            int repetitions) throws IOException, InterruptedException {
        return perCall(calls, options, base, n, repetitions, "fib");
    }

    private static double perCall(long calls, Function<Path, List<String>> options, Path base, int n,
            int repetitions, String method) throws IOException, InterruptedException {
        long full = record(options.apply(Path.of(base + "-full.jfr")), Path.of(base + "-full.jfr"), n, repetitions,
                method);
        long empty = record(options.apply(Path.of(base + "-empty.jfr")), Path.of(base + "-empty.jfr"), 1, 1, method);
        return (double) (full - empty) / (calls - 1);
    }

    private static long record(List<String> options, Path file, int n, int repetitions, String method)
            throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Fib.class.getName(),
                Integer.toString(n), Integer.toString(repetitions), method));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0 || !Files.exists(file)) {
            throw new IOException("recording run failed: " + command);
        }
        return Files.size(file);
    }
}
