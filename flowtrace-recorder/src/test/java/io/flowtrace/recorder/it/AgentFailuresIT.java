package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When the agent cannot do (all of) its job, it says so in one line and the program runs on unchanged. */
class AgentFailuresIT {
    static Jdk jdk;
    static Path shop;

    @BeforeAll
    static void compile() throws Exception {
        jdk = Jdks.requireFeature(17);
        shop = Programs.classes(jdk, "shop");
    }

    @Test
    void anUnknownOptionDisablesTheAgentWithOneLine() throws Exception {
        Run plain = TracedJvm.run(jdk, null, "-cp", shop.toString(), "demo.Shop");
        Run run = TracedJvm.run(jdk, "include=demo.**;colour=blue", "-cp", shop.toString(), "demo.Shop");
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertArrayEquals(plain.stdout(), run.stdout()),
                () -> assertEquals("flowtrace: agent disabled: unknown option 'colour'\n" + plain.err(), run.err()),
                () -> assertFalse(hasRecording(run.directory()), "no recording when disabled"));
    }

    @Test
    void aBadValueNamesTheOptionAndWhatWasExpected() throws Exception {
        Run run = TracedJvm.run(jdk, "values=all", "-cp", shop.toString(), "demo.Shop");
        assertEquals(0, run.exitCode());
        assertTrue(run.err().startsWith("flowtrace: agent disabled: bad value for option 'values': 'all' "
                + "(expected safe, tostring or none)\n"), run.err());
    }

    @Test
    void optionsComeFromAPropertiesFileToo(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path options = temp.resolve("flowtrace.properties");
        Files.writeString(options, "include = demo.Shop::fib\nvalues = safe\n");
        Run run = TracedJvm.run(jdk, "@" + options, "-cp", shop.toString(), "demo.Shop");
        assertTrue(run.calls().main().startsWith("> Shop.fib(4)\n  > Shop.fib(3)\n"), run.calls().main());

        Files.writeString(options, "include = demo.**\nverbose = true\n");
        Run bad = TracedJvm.run(jdk, "@" + options, "-cp", shop.toString(), "demo.Shop");
        assertTrue(bad.err().startsWith("flowtrace: agent disabled: unknown option 'verbose'\n"), bad.err());
    }

    @Test
    void aSessionLearnsWhyTheAgentDidNotStart(@org.junit.jupiter.api.io.TempDir Path session) throws Exception {
        Run run = TracedJvm.run(jdk, "session=" + session + ";maxString=none", "-cp", shop.toString(), "demo.Shop");
        assertTrue(run.err().startsWith("flowtrace: agent disabled: bad value for option 'maxString'"), run.err());
        Properties sidecar = SessionIT.onlySidecar(session);
        assertEquals("disabled", sidecar.getProperty("status"));
        assertTrue(sidecar.getProperty("error").startsWith("bad value for option 'maxString'"), sidecar::toString);
    }

    @Test
    void aClassThatCannotBeInstrumentedIsReportedAndRunsUntraced() throws Exception {
        Path classes = tooLarge(jdk);
        Run plain = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.TooLarge");
        Run run = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.TooLarge");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertArrayEquals(plain.stdout(), run.stdout(), run::toString),
                () -> assertEquals("flowtrace: 1 class could not be instrumented: what ran in it may be missing "
                        + "(debug=true names them)\n", run.err(), "counted at exit, not named"),
                () -> assertEquals("""
                        > Fine.add(1, 2)
                        < Fine.add = 3
                        """, run.calls().main(), "the other classes are traced"));
        Run debug = TracedJvm.run(jdk, "debug=true", "-cp", classes.toString(), "demo.TooLarge");
        assertTrue(debug.err().contains("flowtrace: could not instrument demo.TooLarge: "), debug.err());
    }

    @Test
    void aHookFailureStopsTracingThatMethodOnceAndTheProgramGoesOn() throws Exception {
        Path classes = Programs.classes(jdk, "hostile");
        Run plain = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.Hostile");
        Run run = TracedJvm.run(jdk, "values=tostring", "-cp", classes.toString(), "demo.Hostile");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertArrayEquals(plain.stdout(), run.stdout(), run::toString),
                () -> assertEquals("flowtrace: tracing of demo.Hostile.accept stopped: java.lang.AssertionError: "
                        + "toString is off limits\n", run.err()),
                () -> assertEquals("""
                        > Hostile.main(String[0])
                          > Hostile.<init>()
                          < Hostile.<init> void
                          > Hostile.<init>()
                          < Hostile.<init> void
                          > Hostile.<init>()
                          < Hostile.<init> void
                        < Hostile.main void
                        """, run.calls().main()));
    }

    @Test
    void withoutJfrTheAgentStepsAside() throws Exception {
        Run plain = TracedJvm.run(jdk, null, "-cp", shop.toString(), "demo.Shop");
        Run run = TracedJvm.run(jdk, "", "--limit-modules", "java.base,java.instrument", "-cp", shop.toString(),
                "demo.Shop");
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertArrayEquals(plain.stdout(), run.stdout()),
                () -> assertEquals("flowtrace: agent disabled: JFR is not available in this JVM (no module jdk.jfr)\n"
                        + plain.err(), run.err()));
    }

    /** demo.TooLarge has a method just under the JVM's 64 KiB code limit, so no advice fits; demo.Fine is fine. */
    static Path tooLarge(Jdk jdk) throws Exception {
        Path sources = Programs.WORK.resolve("toolarge/src/demo");
        Files.createDirectories(sources);
        StringBuilder huge = new StringBuilder("""
                package demo;

                public class TooLarge {
                    static int huge(int a) {
                """);
        huge.append("        a = a * 31 + 7;\n".repeat(8190)); // 8 bytes of code each
        huge.append("""
                        return a;
                    }

                    public static void main(String[] args) {
                        System.out.println("huge " + huge(1) + ", fine " + Fine.add(1, 2));
                    }
                }
                """);
        Files.writeString(sources.resolve("TooLarge.java"), huge);
        Files.writeString(sources.resolve("Fine.java"), """
                package demo;

                public class Fine {
                    static int add(int a, int b) {
                        return a + b;
                    }
                }
                """);
        return Programs.compile(jdk, sources.getParent(), Programs.WORK.resolve("toolarge/classes"));
    }

    static boolean hasRecording(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.anyMatch(f -> f.toString().endsWith(".jfr"));
        }
    }
}
