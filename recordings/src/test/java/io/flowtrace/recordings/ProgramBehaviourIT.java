package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traced program behaves as without FlowTrace: through the {@code ./flowtrace} launcher, as a user runs it,
 * its stdout, stderr (the JVM's JAVA_TOOL_OPTIONS notice aside) and exit code are the same bytes.
 */
class ProgramBehaviourIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path temp;

    record Result(int code, byte[] out, byte[] err) {
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path out = temp.resolve("out-" + System.nanoTime());
        Path err = temp.resolve("err-" + System.nanoTime());
        Path in = Files.writeString(temp.resolve("in-" + System.nanoTime()), stdin);
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    }

    private void assertSameBehaviour(String mainClass, int expectedCode) throws Exception {
        List<String> plain = List.of("java", "-cp", Example.HOME.resolve("target/classes").toString(), mainClass);
        List<String> traced = new ArrayList<>(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q", "-o",
                temp.resolve("traced.jfr").toString(), "--"));
        traced.addAll(plain);
        Result without = run(plain, "");
        Result with = run(traced, "");
        assertEquals(expectedCode, without.code());
        assertEquals(without.code(), with.code(), "exit code");
        assertArrayEquals(without.out(), with.out(), () -> "stdout:\n" + new String(with.out()));
        assertArrayEquals(without.err(), with.err(), () -> "stderr:\n" + new String(with.err()));
        assertTrue(Files.size(temp.resolve("traced.jfr")) > 0);
    }

    @Test
    void uncaughtExceptionOutputAndExitCodeAreUnchanged() throws Exception {
        assertSameBehaviour("examples.Orders", 1);
    }

    @Test
    void systemExitCodeIsUnchanged() throws Exception {
        assertSameBehaviour("examples.Exit", 3);
    }

    @Test
    void normalProgramIsUnchanged() throws Exception {
        assertSameBehaviour("examples.Workers", 0);
    }

    @Test
    void missingCommandIsOneLineAndExitCode2() throws Exception {
        Result result = run(List.of(ROOT.resolve("flowtrace").toString(), "record", "--", "no-such-command-ft"),
                "");
        assertEquals(2, result.code());
        assertEquals("flowtrace record: command not found: no-such-command-ft\n", new String(result.err()));
    }
}
