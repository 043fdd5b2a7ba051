package io.flowtrace.recorder.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowtrace.recorder.testing.Jdks.Jdk;

/** Runs a program in a forked JVM, with or without the agent, and keeps what a user would see. */
final class TracedJvm {
    static final Path AGENT = Path.of(System.getProperty("flowtrace.agent.jar", "target/flowtrace-agent.jar"))
            .toAbsolutePath();
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What a run left behind: exit code, stdout and stderr as bytes, and where it ran. */
    record Run(int exitCode, byte[] stdout, byte[] stderr, Path directory) {
        String out() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The recording the agent wrote into the run's directory (the default output name). */
        Path recording() throws IOException {
            try (var files = Files.list(directory)) {
                List<Path> recordings = files.filter(f -> f.getFileName().toString().endsWith(".jfr")).toList();
                if (recordings.size() != 1) {
                    throw new AssertionError("expected one .jfr in " + directory + ", found " + recordings
                            + "\nstderr:\n" + err());
                }
                return recordings.get(0);
            }
        }

        CallLog calls() throws IOException {
            return CallLog.read(recording());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out() + "--- stderr\n" + err();
        }
    }

    private TracedJvm() {
    }

    /**
     * Runs {@code java [-javaagent:flowtrace-agent.jar=agentOptions] javaArguments...} in a fresh directory.
     *
     * @param agentOptions null to run without the agent
     */
    static Run run(Jdk jdk, String agentOptions, String... javaArguments) throws Exception {
        Path directory = Programs.WORK.resolve("runs").resolve("run-" + ProcessHandle.current().pid() + "-"
                + RUNS.incrementAndGet());
        Programs.deleteTree(directory);
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + AGENT + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of(javaArguments));
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_TOOL_OPTIONS"); // would print "Picked up ..." and change the JVM
        environment.remove("JDK_JAVA_OPTIONS");
        environment.remove("_JAVA_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Run run = new Run(process.exitValue(), Files.readAllBytes(stdout), Files.readAllBytes(stderr), directory);
        Files.delete(stdout);
        Files.delete(stderr);
        return run;
    }
}
