package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strings reach the recording as they were: a lone surrogate is escaped, never turned into a '?'. */
class StringValuesIT {
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void loneSurrogatesAreEscapedNotReplaced(String which) throws Exception {
        Jdk jdk = which.equals("17") ? Jdks.requireFeature(17) : Jdks.requireNewest(21);
        Path classes = Programs.classes(jdk, "strings");
        Run run = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.LoneSurrogates");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("? ? p\ncaught\n", run.out());
        assertEquals("""
                > LoneSurrogates.main(String[0])
                  > LoneSurrogates.echo("\\udc00 lone low")
                  < LoneSurrogates.echo = "\\udc00"
                  > LoneSurrogates.echo("? real")
                  < LoneSurrogates.echo = "?"
                  > LoneSurrogates.echo("pair \uD83D\uDE00")
                  < LoneSurrogates.echo = "p"
                  > LoneSurrogates.fail("broken \\ud83d")
                  < LoneSurrogates.fail threw java.lang.IllegalArgumentException "broken \\ud83d"
                < LoneSurrogates.main void
                """, run.calls().main());
    }
}
