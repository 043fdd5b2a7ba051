package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The program behaves byte for byte the same under the agent, and the recording is complete, however the JVM
 * ends: main returns, System.exit(3), or an exception nobody catches.
 */
class ExitPathsIT {
    @ParameterizedTest(name = "{1} on JDK {0}")
    @CsvSource(delimiter = '|', textBlock = """
            17     | normal   | 0
            17     | exit     | 3
            17     | uncaught | 1
            newest | normal   | 0
            newest | exit     | 3
            newest | uncaught | 1
            """)
    void sameOutputAndACompleteRecording(String which, String how, int exitCode) throws Exception {
        Jdk jdk = RecorderIT.jdk(which);
        Path classes = Programs.classes(jdk, "exits");
        Run plain = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.Exits", how);
        Run traced = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.Exits", how);

        String expected = switch (how) {
            case "exit" -> """
                    > Exits.main(String[1])
                      > Exits.finish("exit")
                    """; // System.exit never returns, so neither call has an exit
            case "uncaught" -> """
                    > Exits.main(String[1])
                      > Exits.finish("uncaught")
                      < Exits.finish threw java.lang.IllegalStateException "nobody catches this"
                    < Exits.main threw java.lang.IllegalStateException "nobody catches this"
                    """;
            default -> """
                    > Exits.main(String[1])
                      > Exits.finish("normal")
                      < Exits.finish void
                    < Exits.main void
                    """;
        };
        assertAll(
                () -> assertEquals(exitCode, plain.exitCode(), plain::toString),
                () -> assertEquals(exitCode, traced.exitCode(), traced::toString),
                () -> assertArrayEquals(plain.stdout(), traced.stdout(), () -> "stdout differs\n" + traced),
                () -> assertArrayEquals(plain.stderr(), traced.stderr(), () -> "stderr differs\n" + traced),
                () -> assertEquals(expected, traced.calls().main()));
    }
}
