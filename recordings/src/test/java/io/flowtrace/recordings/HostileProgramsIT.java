package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The behaviour corpus: programs under {@code examples.hostile} that make tracing hard (values that throw when
 * looked at or contain themselves, huge values, a stack overflow, their own class loaders, stdin, another agent)
 * run with and without {@code flowtrace record}; exit code, stdout and stderr must be the same bytes, and the
 * recording must hold the program's calls.
 */
class HostileProgramsIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();
    private static final Path CLASSES = Example.HOME.resolve("target/classes");
    private static final String JACOCO = System.getProperty("jacoco.agent", "");

    @TempDir
    Path temp;

    record Result(int code, byte[] out, byte[] err) {
        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            HostileValues | safe     | -      | 0
            HostileValues | tostring | -      | 0
            HostileValues | none     | -      | 0
            HostileValues | safe     | jacoco | 0
            DeepRecursion | safe     | -      | 0
            DeepRecursion | tostring | jacoco | 0
            Loaders       | safe     | -      | 0
            Loaders       | safe     | jacoco | 0
            Echo          | safe     | -      | 3
            """)
    void behavesAsWithoutFlowTrace(String program, String values, String otherAgent, int exitCode) throws Exception {
        List<String> java = new ArrayList<>(List.of("java"));
        if (otherAgent != null) {
            assertTrue(Files.isRegularFile(Path.of(JACOCO)), "JaCoCo's agent from Maven: " + JACOCO);
            java.add("-javaagent:" + JACOCO + "=destfile=" + temp.resolve("jacoco.exec"));
        }
        java.addAll(List.of("-cp", CLASSES.toString(), "examples.hostile." + program));
        String stdin = program.equals("Echo") ? "alpha\nbeta\ngamma\n" : "";
        Path recording = temp.resolve(program + ".jfr");
        List<String> traced = new ArrayList<>(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q",
                "--values", values, "-o", recording.toString(), "--"));
        traced.addAll(java);

        Result without = run(java, stdin);
        Result with = run(traced, stdin);
        assertAll(
                () -> assertEquals(exitCode, without.code(), without.errText()),
                () -> assertEquals(without.code(), with.code(), "exit code"),
                () -> assertArrayEquals(without.out(), with.out(), () -> "stdout:\n" + new String(with.out())),
                () -> assertArrayEquals(without.err(), with.err(), with::errText));
        Golden.Output tree = Golden.tree(recording, List.of("--depth", "2"));
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.out().contains("└─ " + program + ".main(" + (values.equals("none") ? "" : "String[0]")),
                tree.out());
    }

    @Test
    void valuesThatFightBackAreShownWithoutRunningTheirCode() throws Exception {
        Path recording = temp.resolve("values.jfr");
        Result with = run(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q", "--values", "tostring",
                "-o", recording.toString(), "--", "java", "-cp", CLASSES.toString(),
                "examples.hostile.HostileValues"), "");
        assertEquals(0, with.code(), with.errText());
        String tree = Golden.tree(recording, List.of()).out();
        assertAll(
                () -> assertTrue(tree.contains("HostileValues.pass(HostileValues$Grenade@"), tree),
                () -> assertTrue(tree.contains("HostileValues.size([\"first\", (this)]) → 2"), tree),
                () -> assertTrue(tree.contains("HostileValues.sum(int[20000000]) → 60000000"), tree),
                () -> assertTrue(tree.contains("HostileValues.explode() ✗ HostileValues$SecretiveException"), tree));
    }

    @Test
    void tracingThatHadToStopIsReportedNotHidden() throws Exception {
        List<String> java = List.of("java", "-cp", CLASSES.toString(), "examples.hostile.Poison");
        List<String> traced = new ArrayList<>(List.of(ROOT.resolve("flowtrace").toString(), "record", "-q",
                "--values", "tostring", "-o", temp.resolve("poison.jfr").toString(), "--"));
        traced.addAll(java);
        Result without = run(java, "");
        Result with = run(traced, "");
        assertEquals(0, with.code(), with.errText());
        assertArrayEquals(without.out(), with.out());
        assertTrue(with.errText().matches("flowtrace: warning: pid \\d+ \\(examples.hostile.Poison\\): tracing of "
                + "examples.hostile.Poison.accept stopped: java.lang.AssertionError: toString is off limits\n"),
                with.errText());
    }

    @Test
    void aCommandThatIsNotAJvmIsToldApart() throws Exception {
        Result result = run(List.of(ROOT.resolve("flowtrace").toString(), "record", "-o",
                temp.resolve("ls.jfr").toString(), "--", "ls", temp.toString()), "");
        assertEquals(1, result.code());
        assertEquals("flowtrace record: no JVM ran with the agent under 'ls " + temp + "': nothing recorded\n",
                result.errText());
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path out = temp.resolve("out-" + System.nanoTime());
        Path err = temp.resolve("err-" + System.nanoTime());
        Path in = Files.writeString(temp.resolve("in-" + System.nanoTime()), stdin);
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    }
}
