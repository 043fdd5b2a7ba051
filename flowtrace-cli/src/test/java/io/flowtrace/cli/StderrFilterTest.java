package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StderrFilterTest {
    private static final String OPTIONS = "-javaagent:/x/flowtrace-agent.jar=@/tmp/s/agent.properties";
    private static final String NOISE = "Picked up JAVA_TOOL_OPTIONS: " + OPTIONS + "\n";

    private static String filter(String input, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk)); // deliver in small pieces like a pipe may
            }
        };
        new StderrFilter(in, out, OPTIONS).run();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsTheJvmsNoticeAndKeepsEverythingElse() {
        String program = "Exception in thread \"main\" java.lang.IllegalStateException: boom\n\tat Main.main\n";
        for (int chunk : new int[] {1, 3, 7, 8192}) {
            assertEquals(program, filter(NOISE + program, chunk), "chunk " + chunk);
            assertEquals("a\n" + program, filter("a\n" + NOISE + program, chunk), "chunk " + chunk);
        }
    }

    @Test
    void keepsLinesThatOnlyStartLikeTheNotice() {
        String similar = "Picked up JAVA_TOOL_OPTIONS: -Xmx1g\n";
        for (int chunk : new int[] {1, 5, 8192}) {
            assertEquals(similar, filter(similar, chunk));
            assertEquals("Picked up", filter("Picked up", chunk)); // held prefix released at the end
            assertEquals(NOISE.strip(), filter(NOISE.strip(), chunk)); // not the notice without its newline
            // a failed match that is the start of the notice again
            assertEquals("Picked up ", filter("Picked up " + NOISE, chunk));
            assertEquals("Picked up JAVA_TOOL_OPTIONS: x\n", filter("Picked up JAVA_TOOL_OPTIONS: x\n" + NOISE, chunk));
        }
    }

    @Test
    void dropsTheNoticeRelayedAfterColourCodesAndKeepsTheirEffect() {
        // surefire relays the stderr of its forked test JVM after a colour reset, as Maven prints it
        String reset = "\u001b[0m";
        String warning = "\u001b[1;33mWARNING\u001b[m] Corrupted channel by directly writing to native stream in "
                + "forked JVM 1.\n";
        for (int chunk : new int[] {1, 2, 7, 8192}) {
            assertEquals(reset + "test err\n", filter(reset + NOISE + "test err\n", chunk), "chunk " + chunk);
            assertEquals(reset + reset + "\n", filter(reset + reset + NOISE + "\n", chunk), "chunk " + chunk);
            assertEquals(warning, filter(warning + NOISE, chunk), "chunk " + chunk);
        }
    }

    @Test
    void dropsTheNoticeWhereverItAppearsInALineAndKeepsTheRest() {
        for (int chunk : new int[] {1, 4, 8192}) {
            // another process's output that the notice ran into, or a tool's tag: only the notice's bytes go
            assertEquals("note: ", filter("note: " + NOISE, chunk));
            assertEquals("[stderr] line\n", filter("[stderr] " + NOISE + "line\n", chunk));
            assertEquals("prompt> ok\n", filter("prompt> " + NOISE + "ok\n", chunk));
        }
    }

    @Test
    void dropsTheNoticeOfEveryJvm() {
        assertEquals("one\ntwo\n", filter(NOISE + "one\n" + NOISE + "two\n", 4));
    }
}
