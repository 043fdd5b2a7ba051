package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.flowtrace.recorder.testing.Jdks;

/**
 * {@code flowtrace record} stopped from outside while the program waits inside its calls: Ctrl-C, a TERM sent to
 * {@code record}, and a SIGKILL of the program's JVM. Each time {@code record} exits with the program's code and
 * the recording ends with the calls that were still running.
 */
class InterruptAndKillIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();
    private static final Path CLASSES = Example.HOME.resolve("target/classes");
    private static final String STILL_RUNNING = String.join("\n",
            "main",
            "└─ Blocks.main(String[0]) … running",
            "   └─ Blocks.serve() … running",
            "      ├─ Blocks.warmUp(1) → 1",
            "      ├─ Blocks.warmUp(2) → 4",
            "      ├─ Blocks.warmUp(3) → 9",
            "      └─ Blocks.waitForStop() … running",
            "");

    @TempDir
    Path temp;

    /** A {@code record} of examples.hostile.Blocks that has printed "ready". */
    private record Recording(Process record, Path file, Path stderr) {
        String err() {
            return read(stderr);
        }

        int exitCode() throws InterruptedException {
            assertTrue(record.waitFor(60, TimeUnit.SECONDS), "record did not end");
            return record.exitValue();
        }
    }

    /** Starts {@code [prefix] flowtrace record -q -o blocks.jfr -- <java> -cp ... examples.hostile.Blocks}. */
    private Recording start(String java, List<String> prefix) throws Exception {
        Path file = temp.resolve("blocks.jfr");
        Path stderr = temp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q", "-o", file.toString(), "--",
                java, "-cp", CLASSES.toString(), "examples.hostile.Blocks"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectError(stderr.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process record = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(record.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        });
        try {
            assertEquals("ready", ready.get(90, TimeUnit.SECONDS), () -> "stderr: " + read(stderr));
        } catch (Exception | AssertionError e) {
            record.descendants().forEach(ProcessHandle::destroyForcibly);
            record.destroyForcibly();
            throw e;
        }
        return new Recording(record, file, stderr);
    }

    @Test
    void ctrlCReachesTheProgramAndTheRecordingIsWritten() throws Exception {
        // setsid: record and the program get a process group of their own, as in a terminal's foreground job
        Recording run = start("java", List.of("setsid"));
        // what a terminal does on Ctrl-C: SIGINT to every process of the foreground group
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + run.record().pid()).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT of the process group");
        assertEquals(130, run.exitCode(), run::err);
        assertEquals("", run.err());
        assertTree(run.file());
    }

    @Test
    void terminationIsPassedOnToTheProgram() throws Exception {
        Recording run = start("java", List.of());
        run.record().destroy(); // SIGTERM to record alone, as a service manager sends it
        assertEquals(143, run.exitCode(), run::err);
        assertEquals("", run.err());
        assertTree(run.file());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void aKilledJvmLeavesWhatJfrHadFlushed(String which) throws Exception {
        Jdks.Jdk jdk = which.equals("newest") ? Jdks.requireNewest(21) : Jdks.requireFeature(17);
        Recording run = start(jdk.java().toString(), List.of());
        Thread.sleep(2500); // JFR flushes its chunk to the repository about once a second
        List<ProcessHandle> jvms = run.record().children().toList();
        assertEquals(1, jvms.size(), "the program's JVM: " + jvms);
        assertTrue(jvms.get(0).destroyForcibly());
        assertEquals(137, run.exitCode(), run::err);
        assertEquals("flowtrace record: warning: pid " + jvms.get(0).pid() + " (examples.hostile.Blocks) was killed "
                + "before writing its recording; saved what had reached the disk: the tail is missing (about the "
                + "last second), calls still open show as running\n", run.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.file())));
        assertTree(run.file());
    }

    private static void assertTree(Path recording) throws IOException {
        Golden.Output tree = Golden.tree(recording, List.of());
        assertEquals(0, tree.code(), tree.err());
        assertEquals(STILL_RUNNING, tree.out());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
