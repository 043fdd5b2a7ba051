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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.flowtrace.recorder.testing.Jdks;

/**
 * {@code flowtrace record} stopped from outside while the program waits inside its calls: Ctrl-C, an INT or a TERM
 * sent to {@code record} alone, and a SIGKILL of the program's JVM. Each time {@code record} exits with the
 * program's code, the program got the signal once, and the recording ends with the calls that were still running.
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

    /** A {@code record} of a program that has printed "ready". */
    private record Recording(Process record, Path file, Path stderr, BufferedReader out) {
        String err() {
            return read(stderr);
        }

        /** What the program printed after "ready", once it ended. */
        String rest() throws IOException {
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            return rest.toString();
        }

        int exitCode() throws InterruptedException {
            if (!record.waitFor(60, TimeUnit.SECONDS)) {
                record.descendants().forEach(ProcessHandle::destroyForcibly);
                record.destroyForcibly();
                throw new AssertionError("record did not end; stderr: " + err());
            }
            return record.exitValue();
        }
    }

    /** Starts {@code [prefix] flowtrace record -q -o blocks.jfr -- <java> -cp ... examples.hostile.Blocks}. */
    private Recording start(String java, List<String> prefix) throws Exception {
        return start(prefix, List.of(java, "-cp", CLASSES.toString(), "examples.hostile.Blocks"));
    }

    /** Starts {@code [prefix] flowtrace record -q -o blocks.jfr -- <program...>}. */
    private Recording start(List<String> prefix, List<String> program) throws Exception {
        Path file = temp.resolve("blocks.jfr");
        Path stderr = temp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q", "-o", file.toString(), "--"));
        command.addAll(program);
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
        return new Recording(record, file, stderr, out);
    }

    private static List<String> interrupted(String... args) {
        List<String> program = new ArrayList<>(List.of("java", "-cp", CLASSES.toString(),
                "examples.hostile.Interrupted"));
        program.addAll(List.of(args));
        return program;
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
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
    void ctrlCReachesAProgramThatHandlesItOnce() throws Exception {
        Recording run = start(List.of("setsid"), interrupted("handler"));
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + run.record().pid()).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT of the process group");
        // not twice: record did not pass on what the program had got too
        assertStopped(run, 130, "SIGINT 1\nhook ran\n");
    }

    /** A supervisor, a CI runner or another terminal signals record alone: the program gets it, once. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"INT, '', 130, hook ran", "INT, handler, 130, SIGINT 1|hook ran", "TERM, '', 143, hook ran"})
    void aSignalSentToRecordAloneIsPassedOnToTheProgram(String signal, String mode, int code, String printed)
            throws Exception {
        Recording run = start(List.of(), mode.isEmpty() ? interrupted() : interrupted(mode));
        kill(signal, run.record().pid());
        assertStopped(run, code, printed.replace('|', '\n') + "\n");
    }

    @Test
    void interruptSentToRecordAloneReachesTheJvmOfAShellScript() throws Exception {
        String java = String.join(" ", interrupted());
        Recording run = start(List.of(), List.of("sh", "-c", java + "; echo \"java exited with $?\""));
        kill("INT", run.record().pid()); // passed on to the shell and the JVM, as Ctrl-C would reach both
        assertStopped(run, 130, "hook ran\n"); // the shell was interrupted too: no echo
    }

    /** Record exits with the program's code, the program printed what it should, the recording is complete. */
    private static void assertStopped(Recording run, int code, String printed) throws Exception {
        assertEquals(code, run.exitCode(), run::err);
        assertEquals(printed, run.rest());
        assertEquals("", run.err());
        assertWarmedUp(run.file());
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

    /** The calls made before the signal are in the recording, the one that was waiting still running. */
    private static void assertWarmedUp(Path recording) throws IOException {
        Golden.Output tree = Golden.tree(recording, List.of("--thread", "main"));
        assertEquals(0, tree.code(), tree.err());
        assertEquals(String.join("\n",
                "main",
                "└─ Interrupted.main(String[" + (tree.out().contains("String[1]") ? 1 : 0) + "]) … running",
                "   ├─ Interrupted.warmUp(1) → 1",
                "   ├─ Interrupted.warmUp(2) → 4",
                "   └─ Interrupted.warmUp(3) → 9",
                ""), tree.out());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
