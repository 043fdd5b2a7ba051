package io.flowtrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * with JMH, then recording bytes per call from separate runs of a fixed workload. {@code agent-untraced} runs the
 * agent with the method excluded: what the agent costs a call it does not trace.
 *
 * <pre>java [-Dtracers=flowtrace,jep520,agent-untraced] -jar flowtrace-benchmarks/target/benchmarks.jar AGENT_JAR
 *     [forks] [OUT_DIR]</pre>
 */
public final class PerCallCost {
    private static final int N = 20;
    private static final String FILTER = "benchmarks.Fib::fib";

    private PerCallCost() {
    }

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: java -jar benchmarks.jar AGENT_JAR [forks] [OUT_DIR]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench").toAbsolutePath());
        int feature = Runtime.version().feature();

        Map<String, List<String>> tracers = new LinkedHashMap<>();
        tracers.put("untraced", List.of());
        // maxSize keeps the disk use of long JMH forks bounded; dropping old chunks does not change the cost
        tracers.put("flowtrace", List.of("-javaagent:" + agent + "=include=" + FILTER + ";maxSize=268435456;output="
                + out.resolve("jmh-flowtrace.jfr")));
        if (feature >= 25) {
            tracers.put("jep520", List.of("-XX:StartFlightRecording:filename=" + out.resolve("jmh-jep520.jfr")
                    + ",maxsize=256m,jdk.MethodTrace#filter=" + FILTER + ",jdk.MethodTrace#stackTrace=false"));
        }
        // the agent running with fib not traced (the exclude wins over its @Trace): what tracing nothing costs
        tracers.put("agent-untraced", List.of("-javaagent:" + agent + "=include=benchmarks.Untraced;exclude="
                + FILTER + ";output=" + out.resolve("jmh-untraced.jfr")));
        String only = System.getProperty("tracers"); // e.g. -Dtracers=agent-untraced: that one and untraced
        if (only != null) {
            List<String> kept = new ArrayList<>(List.of(only.split(",")));
            kept.add("untraced");
            tracers.keySet().retainAll(kept);
        }

        long callsPerOp = Fib.calls(N);
        Map<String, Double> nanosPerOp = new LinkedHashMap<>();
        Map<String, Double> errorPerOp = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> tracer : tracers.entrySet()) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(TracedCalls.class.getName())
                    .param("n", Integer.toString(N))
                    .forks(forks)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.NANOSECONDS)
                    .jvmArgsAppend(tracer.getValue().toArray(String[]::new));
            RunResult result = new Runner(options.build()).runSingle();
            nanosPerOp.put(tracer.getKey(), result.getPrimaryResult().getScore());
            errorPerOp.put(tracer.getKey(), result.getPrimaryResult().getScoreError());
        }

        Map<String, Double> bytesPerCall = tracers.containsKey("flowtrace") ? recordingSizes(agent, out, feature)
                : Map.of();

        double untraced = nanosPerOp.get("untraced") / callsPerOp;
        System.out.printf(Locale.ROOT, "%nJDK %s, %d cores, fib(%d) = %,d calls per operation, %d forks%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), N, callsPerOp, forks);
        System.out.println("| tracer | ns per call (±99.9%) | added ns per call | bytes per call |");
        System.out.println("|---|---|---|---|");
        for (String tracer : tracers.keySet()) {
            double perCall = nanosPerOp.get(tracer) / callsPerOp;
            System.out.printf(Locale.ROOT, "| %s | %.1f (±%.1f) | %s | %s |%n", tracer, perCall,
                    errorPerOp.get(tracer) / callsPerOp,
                    tracer.equals("untraced") ? "–" : String.format(Locale.ROOT, "%.1f", perCall - untraced),
                    bytesPerCall.containsKey(tracer) ? String.format(Locale.ROOT, "%.1f", bytesPerCall.get(tracer))
                            : "–");
        }
        if (nanosPerOp.containsKey("jep520") && nanosPerOp.containsKey("flowtrace")) {
            double ft = nanosPerOp.get("flowtrace") / callsPerOp - untraced;
            double jep = nanosPerOp.get("jep520") / callsPerOp - untraced;
            System.out.printf(Locale.ROOT, "ratio FlowTrace / JEP 520: time %.2f, size %.2f%n", ft / jep,
                    bytesPerCall.get("flowtrace") / bytesPerCall.get("jep520"));
        }
    }

    /**
     * Bytes per call: the recording of fib(25) run 20 times, less the recording of fib(1) (JFR's fixed metadata),
     * divided by the calls made.
     */
    private static Map<String, Double> recordingSizes(Path agent, Path out, int feature)
            throws IOException, InterruptedException {
        Map<String, Double> result = new LinkedHashMap<>();
        int n = 25;
        int repetitions = 20;
        long calls = Fib.calls(n) * repetitions;
        result.put("flowtrace", perCall(calls, file -> List.of("-javaagent:" + agent + "=include=" + FILTER
                + ";output=" + file), out.resolve("size-flowtrace"), n, repetitions));
        if (feature >= 25) {
            result.put("jep520", perCall(calls, file -> List.of("-XX:StartFlightRecording:filename=" + file
                    + ",jdk.MethodTrace#filter=" + FILTER + ",jdk.MethodTrace#stackTrace=false"),
                    out.resolve("size-jep520"), n, repetitions));
        }
        return result;
    }

    private static double perCall(long calls, java.util.function.Function<Path, List<String>> options, Path base,
            int n, int repetitions) throws IOException, InterruptedException {
        long full = record(options.apply(Path.of(base + "-full.jfr")), Path.of(base + "-full.jfr"), n, repetitions);
        long empty = record(options.apply(Path.of(base + "-empty.jfr")), Path.of(base + "-empty.jfr"), 1, 1);
        return (double) (full - empty) / (calls - 1);
    }

    private static long record(List<String> options, Path file, int n, int repetitions)
            throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Fib.class.getName(),
                Integer.toString(n), Integer.toString(repetitions)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0 || !Files.exists(file)) {
            throw new IOException("recording run failed: " + command);
        }
        return Files.size(file);
    }
}
