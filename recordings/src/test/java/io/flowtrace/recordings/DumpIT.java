package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.recorder.testing.Jdks;

/**
 * The hang workflow: a program waits under {@code flowtrace record}; {@code flowtrace dump} takes a snapshot
 * without stopping it, and {@code flowtrace tasks} on the snapshot says where it waits; the program then goes
 * on and its final recording is clean.
 */
class DumpIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void snapshotOfAWaitingProgramOnJdk17() throws Exception {
        snapshotOfAWaitingProgram(Jdks.requireFeature(17));
    }

    @Test
    void snapshotOfAWaitingProgramOnNewestJdk() throws Exception {
        snapshotOfAWaitingProgram(Jdks.requireNewest(21));
    }

    private void snapshotOfAWaitingProgram(Jdks.Jdk jdk) throws Exception {
        Path recording = temp.resolve("final.jfr");
        Path snapshot = temp.resolve("snapshot.jfr");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("flowtrace").toString(), "record", "-q", "-o",
                recording.toString(), "--", jdk.java().toString(), "-cp",
                Example.HOME.resolve("target/classes").toString(), "examples.Waiting")
                .redirectError(temp.resolve("stderr.txt").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process record = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(record.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("waiting for a line", first);
            long pid = record.toHandle().children().findFirst().orElseThrow().pid();

            Golden.Output dump = Golden.cli(List.of("dump", "-o", snapshot.toString(), Long.toString(pid)));
            assertEquals("flowtrace: snapshot of pid " + pid + " → " + snapshot + "\n", dump.err());
            assertEquals(0, dump.code());
            assertTrue(record.isAlive(), "the program goes on after the snapshot");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)),
                    "a snapshot is private like a recording");

            Golden.Output tasks = Golden.cli(List.of("tasks", snapshot.toString()));
            assertEquals(String.join("\n",
                    "Calls still open:",
                    "  main",
                    "    blocked at BufferedReader.readLine ← Waiting.awaitLine (Waiting.java:19)  [RUNNABLE]",
                    "    in Waiting.awaitLine(BufferedReader@…) … running",
                    "    in Waiting.main(String[0]) … running",
                    "1 problem: 1 thread with open calls.",
                    ""), tasks.out().replaceAll("@[0-9a-f]{1,8}\\b", "@…"), tasks.err());
            assertEquals(1, tasks.code());

            try (OutputStream in = record.getOutputStream()) {
                in.write("bob\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("hello, bob", out.readLine());
            assertTrue(record.waitFor(60, TimeUnit.SECONDS), "record ends with the program");
            assertEquals(0, record.exitValue());
        } finally {
            record.destroyForcibly();
        }
        Golden.Output after = Golden.cli(List.of("tasks", recording.toString()));
        assertEquals("No problems: 0 tasks, 0 checkpoints.\n", after.out(), after.err());
        assertEquals(0, after.code());
    }
}
