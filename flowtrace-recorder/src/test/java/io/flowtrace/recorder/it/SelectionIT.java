package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which classes are traced: by default the application (a directory, or the main jar of java -jar) and not its
 * dependencies; an include widens that to a jar's classes; an exclude wins, also over @Trace.
 */
class SelectionIT {
    static Jdk jdk;
    static Path app;
    static Path lib;

    @BeforeAll
    static void compile() throws Exception {
        jdk = Jdks.requireFeature(17);
        Path libClasses = Programs.classes(jdk, "lib");
        lib = Programs.jar(libClasses, Programs.WORK.resolve("selection/lib.jar"), null, null);
        app = Programs.classes(jdk, "app", lib);
    }

    private static Run run(String options) throws Exception {
        Run run = TracedJvm.run(jdk, options, "-cp", app + java.io.File.pathSeparator + lib, "demo.UsesLib");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("HI!\n4\n", run.out(), run::toString);
        return run;
    }

    @Test
    void byDefaultTracesTheDirectoryButNotTheJarExceptItsTraceMarkedMethods() throws Exception {
        Run run = run("");
        assertEquals("""
                > UsesLib.main(String[0])
                  > UsesLib.greet("hi")
                  < UsesLib.greet = "HI!"
                  > Audited.audit(1)
                  < Audited.audit = 2
                < UsesLib.main void
                """, run.calls().main());
        assertEquals("", run.err(), "no warning when something was traced");
    }

    @Test
    void aVisibilityBridgeIsNotTracedTheMethodItCallsIs() throws Exception {
        Run run = TracedJvm.run(jdk, "", "-cp", Programs.classes(jdk, "bridges").toString(), "demo.Bridges");
        assertEquals("base\n", run.out(), run::toString);
        String calls = run.calls().main();
        assertTrue(calls.contains("> Bridges$Base.name()\n"), calls);
        assertFalse(calls.contains("Child.name"),
                "javac's bridge in the public subclass is no call of its own:\n" + calls);
    }

    @Test
    void anIncludeOfAJarClassTracesItInsteadOfTheDefault() throws Exception {
        assertEquals("""
                > TextUtils.shout("hi")
                < TextUtils.shout = "HI!"
                > Audited.audit(1)
                < Audited.audit = 2
                """, run("include=demo.lib.TextUtils").calls().main());
    }

    @Test
    void anIncludeOfOneMethodTracesOnlyThatMethod() throws Exception {
        assertEquals("""
                > UsesLib.greet("hi")
                < UsesLib.greet = "HI!"
                > Audited.audit(1)
                < Audited.audit = 2
                > Audited.unmarked(2)
                < Audited.unmarked = 2
                """, run("include=demo.UsesLib::greet|demo.lib.Audited::unmarked").calls().main());
    }

    @Test
    void anExcludeWinsOverIncludesAndOverTrace() throws Exception {
        assertEquals("""
                > UsesLib.main(String[0])
                  > TextUtils.shout("hi")
                  < TextUtils.shout = "HI!"
                  > Audited.unmarked(2)
                  < Audited.unmarked = 2
                < UsesLib.main void
                """, run("include=demo.**;exclude=demo.UsesLib::greet|demo.lib.Audited::audit").calls().main());
    }

    @Test
    void javaDashJarTracesTheMainJarButNotTheJarsOfItsClassPath() throws Exception {
        Path appJar = Programs.jar(app, lib.resolveSibling("app.jar"), "demo.UsesLib", "lib.jar");
        Run run = TracedJvm.run(jdk, "", "-jar", appJar.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("demo.UsesLib.<init>", "demo.UsesLib.greet", "demo.UsesLib.main",
                        "demo.lib.Audited.audit"),
                run.calls().definedMethods());
    }

    @Test
    void anIncludeReachesIntoJdkModulesOutsideJavaBase() throws Exception {
        Path sources = Files.createDirectories(Programs.WORK.resolve("javac-include"));
        Files.writeString(sources.resolve("Hello.java"), "class Hello { }\n");
        String[] javac = {"-m", "jdk.compiler/com.sun.tools.javac.Main", "-d", sources.toString(),
                sources.resolve("Hello.java").toString()};
        Run plain = TracedJvm.run(jdk, null, javac);
        Run run = TracedJvm.run(jdk, "include=com.sun.tools.javac.main.JavaCompiler::compile", javac);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(plain.out() + plain.err(), run.out() + run.err());
        String calls = run.calls().main();
        assertTrue(calls.startsWith("> JavaCompiler.compile(") && calls.endsWith("< JavaCompiler.compile void\n"),
                "a method of module jdk.compiler is traced:\n" + calls);
    }

    @Test
    void tellsWhenNothingWasTraced() throws Exception {
        Run run = TracedJvm.run(jdk, "include=com.example.nothing.**", "-cp",
                Programs.classes(jdk, "shop").toString(), "demo.Shop");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("done, says stderr\n"
                + "flowtrace: nothing traced: no loaded class matched include=com.example.nothing.**\n", run.err());
    }
}
