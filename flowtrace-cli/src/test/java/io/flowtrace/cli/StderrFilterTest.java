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
        String mid = "note: " + NOISE;
        for (int chunk : new int[] {1, 5, 8192}) {
            assertEquals(similar, filter(similar, chunk));
            assertEquals(mid, filter(mid, chunk));
            assertEquals("Picked up", filter("Picked up", chunk)); // held prefix released at the end
        }
    }

    @Test
    void dropsTheNoticeOfEveryJvm() {
        assertEquals("one\ntwo\n", filter(NOISE + "one\n" + NOISE + "two\n", 4));
    }
}
