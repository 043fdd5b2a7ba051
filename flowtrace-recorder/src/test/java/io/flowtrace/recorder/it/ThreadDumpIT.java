package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recording ends with JFR's jdk.ThreadDump, so a stuck thread shows where it is blocked: when main returns,
 * on System.exit and on Ctrl-C (SIGINT) of the traced JVM.
 */
class ThreadDumpIT {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"normal", "exit"})
    void dumpAtTheEnd(String how) throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        Path classes = Programs.classes(jdk, "async");
        Run run = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.Stuck", how);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("ready\n", run.out());
        assertStuckInDump(run.recording());
    }

    @Test
    void dumpOnCtrlC() throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        Path classes = Programs.classes(jdk, "async");
        Path directory = Programs.WORK.resolve("runs").resolve("sigint-" + ProcessHandle.current().pid());
        Programs.deleteTree(directory);
        Files.createDirectories(directory);
        Path recording = directory.resolve("stuck.jfr");
        Process process = new ProcessBuilder(jdk.java().toString(),
                "-javaagent:" + TracedJvm.AGENT + "=output=" + recording, "-cp", classes.toString(),
                "demo.Stuck", "wait").directory(directory.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended by SIGINT");
        } finally {
            process.destroyForcibly();
        }
        assertEquals(130, process.exitValue(), "the JVM's exit code after SIGINT");
        assertStuckInDump(recording);
    }

    private static void assertStuckInDump(Path recording) throws Exception {
        List<RecordedEvent> dumps = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ThreadDump")).toList();
        assertTrue(!dumps.isEmpty(), "a thread dump in " + recording);
        String last = dumps.get(dumps.size() - 1).getString("result");
        assertTrue(last.contains("\"stuck\"") && last.contains("demo.Stuck.stuckForever")
                && last.contains("CountDownLatch.await"), last);
    }
}
