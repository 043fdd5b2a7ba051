package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowtrace attach}: the one-line errors (exit 2) for a process it cannot or must not attach to. */
class AttachCommandTest {
    @TempDir
    Path dir;

    private CliTest.Run attach(long pid) throws IOException {
        Path agent = Files.writeString(dir.resolve("agent.jar"), "only its presence is checked before the attach");
        return CliTest.run("attach", "--agent", agent.toString(), "--duration", "1s", Long.toString(pid));
    }

    @Test
    void noSuchProcess() throws IOException {
        long pid = ProcessHandle.current().pid() + 1_000_000;
        CliTest.Run run = attach(pid);
        assertEquals(2, run.code());
        assertEquals("flowtrace attach: no such process: " + pid + "\n", run.err());
    }

    @Test
    void notAJvm() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            CliTest.Run run = attach(sleep.pid());
            assertEquals(2, run.code());
            assertEquals("flowtrace attach: pid " + sleep.pid() + " is not a JVM (sleep)\n", run.err());
            assertTrue(sleep.isAlive(), "a process that is no JVM gets no signal");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void attachDisabled() throws Exception {
        Process jvm = waitingJvm("-XX:+DisableAttachMechanism");
        try {
            CliTest.Run run = attach(jvm.pid());
            assertEquals(2, run.code());
            assertEquals("flowtrace attach: pid " + jvm.pid() + " does not allow attaching: it was started with "
                    + "-XX:+DisableAttachMechanism\n", run.err());
            jvm.getOutputStream().close();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            // no SIGQUIT reached it: it would have printed a thread dump
            assertEquals("", new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void jvmWithoutSignalHandlers() throws Exception {
        Process jvm = waitingJvm("-Xrs");
        try {
            CliTest.Run run = attach(jvm.pid());
            assertEquals(2, run.code());
            assertEquals("flowtrace attach: pid " + jvm.pid() + " does not allow attaching: it does not handle "
                    + "SIGQUIT (started with -Xrs?)\n", run.err());
            assertTrue(jvm.isAlive(), "the Attach API's SIGQUIT would have ended it");
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void itself() throws IOException {
        CliTest.Run run = attach(ProcessHandle.current().pid());
        assertEquals(2, run.code());
        assertEquals("flowtrace attach: cannot attach to itself\n", run.err());
    }

    @Test
    void badDuration() throws IOException {
        CliTest.Run run = CliTest.run("attach", "--duration", "soon", "1");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("flowtrace attach: --duration takes a duration such as"), run.err());
    }

    @Test
    void javaVersions() {
        assertEquals(8, TargetJvm.feature("1.8"));
        assertEquals(11, TargetJvm.feature("11"));
        assertEquals(25, TargetJvm.feature("25"));
    }

    @Test
    void sigQuitCaughtFromProcStatus() {
        assertTrue(TargetJvm.catchesQuit("Name:\tjava\nSigCgt:\t2000000101005ccd\n"));
        assertFalse(TargetJvm.catchesQuit("Name:\tjava\nSigCgt:\t2000000101005cc9\n"));
        assertFalse(TargetJvm.catchesQuit(null));
    }

    @Test
    void durationsInMinutesAndHours() {
        assertEquals(TimeUnit.MINUTES.toNanos(5), Durations.parseNanos("5m", "--duration"));
        assertEquals(TimeUnit.HOURS.toNanos(1), Durations.parseNanos("1h", "--duration"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), Durations.parseNanos("5ms", "--duration"));
    }

    /** A JVM of this JDK that waits for its stdin to end, started with {@code option}; running once returned. */
    private static Process waitingJvm(String option) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), option, "-XX:TieredStopAtLevel=1",
                Path.of("src/test/resources/Wait.java").toAbsolutePath().toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process jvm = builder.redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("waiting", out.readLine());
        return jvm;
    }
}
