package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowtrace.events.EventNames;
import io.flowtrace.recorder.it.CallLog.Call;
import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A recursion that works untraced keeps working under the agent: traced, it gets at least 4/5 of the stack depth it
 * gets untraced (each the best of a few overflows in one JVM, so that both have had their frames compiled), with
 * and without values, and the program prints the same otherwise.
 *
 * <p>The untraced JVM runs with {@code -XX:MaxRecursiveInlineLevel=0}: by default C2 may inline a recursion into
 * itself, so that one compiled frame holds one or more levels, and whether it does varies from run to run (untraced,
 * the same program reached 23,600, 39,300 or 59,000 levels of countDown). One level per frame gives the low end of
 * that, a depth untraced code always gets once compiled; the traced JVM runs as a user's would. The figures are in
 * docs/benchmarks.md.
 */
class DeepRecursionIT {
    /** Rounds of overflow per kind of recursion and the pause between them, for the JIT to compile it. */
    private static final String[] ROUNDS = {"10", "300"};
    private static final String ONE_LEVEL_PER_FRAME = "-XX:MaxRecursiveInlineLevel=0";
    private static final Pattern DEPTH = Pattern.compile("(?m)^depth (\\w+): first (\\d+), best (\\d+)$");

    @ParameterizedTest(name = "values={1} on JDK {0}")
    @CsvSource({"17, safe", "17, none", "newest, safe", "newest, none"})
    void tracedRecursionReachesFourFifthsOfItsUntracedDepth(String which, String values) throws Exception {
        Jdk jdk = RecorderIT.jdk(which);
        Path classes = Programs.classes(jdk, "deep");
        Run plain = TracedJvm.run(jdk, null, ONE_LEVEL_PER_FRAME, "-cp", classes.toString(), "demo.Deep",
                ROUNDS[0], ROUNDS[1]);
        Run traced = TracedJvm.run(jdk, "values=" + values, "-cp", classes.toString(), "demo.Deep", ROUNDS[0],
                ROUNDS[1]);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, traced.exitCode(), traced::toString);
        CallLog calls = traced.calls();
        assertAll(
                () -> assertReaches(plain, traced, "int"),
                () -> assertReaches(plain, traced, "String"),
                () -> assertEquals(DEPTH.matcher(plain.out()).replaceAll("depth"),
                        DEPTH.matcher(traced.out()).replaceAll("depth"), () -> "stdout differs\n" + traced),
                () -> assertArrayEquals(plain.stderr(), traced.stderr(), () -> "stderr differs\n" + traced),
                () -> assertReadable(calls, values.equals("none") ? "-" : "\"x\", 0"));
    }

    /** The traced run's best depth of {@code kind} is at least 4/5 of the untraced run's. */
    private static void assertReaches(Run plain, Run traced, String kind) {
        int untraced = best(plain, kind);
        int withAgent = best(traced, kind);
        assertTrue(withAgent * 5L >= untraced * 4L, () -> kind + " recursion: " + withAgent + " frames traced, "
                + untraced + " untraced (" + withAgent * 100L / untraced + " %, want at least 80 %)");
    }

    private static int best(Run run, String kind) {
        Matcher depth = DEPTH.matcher(run.out());
        while (depth.find()) {
            if (depth.group(1).equals(kind)) {
                return Integer.parseInt(depth.group(3));
            }
        }
        throw new AssertionError("no depth of " + kind + " in\n" + run);
    }

    /**
     * The recording reads back, with the calls on main up to the last one, {@code countDownWith(x, 0)} after the
     * overflows. (Not asserted: that every call has its exit where it belongs; see docs/benchmarks.md, an overflow
     * can still lose exits.)
     */
    private static void assertReadable(CallLog calls, String lastArguments) {
        List<Call> main = calls.threads.entrySet().stream().filter(e -> e.getKey().startsWith("main#"))
                .findFirst().orElseThrow(() -> new AssertionError("no calls on main")).getValue();
        Call lastEnter = main.stream().filter(Call::isEnter).reduce((a, b) -> b).orElseThrow();
        assertEquals("Deep.countDownWith(" + lastArguments + ")", calls.method(lastEnter.method()) + "("
                + (lastEnter.arguments() == null ? "-" : lastEnter.arguments().replace(
                        String.valueOf(EventNames.ARGUMENT_SEPARATOR), ", ")) + ")");
        assertEquals("Deep.main", calls.method(main.get(main.size() - 1).method()), "the last record");
    }
}
