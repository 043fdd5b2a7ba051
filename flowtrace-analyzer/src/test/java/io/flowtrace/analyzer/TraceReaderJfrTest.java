package io.flowtrace.analyzer;

import static io.flowtrace.analyzer.JfrRecordingFixture.enter;
import static io.flowtrace.analyzer.JfrRecordingFixture.exit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;

class TraceReaderJfrTest {
    @TempDir
    Path dir;

    private static int fibId;

    static int fib(int n) {
        enter(fibId, String.valueOf(n));
        int r = n < 2 ? n : fib(n - 1) + fib(n - 2);
        exit(fibId, String.valueOf(r));
        return r;
    }

    @Test
    void readsFibAcrossChunks() throws Exception {
        Path file;
        try (JfrRecordingFixture rec = new JfrRecordingFixture()) {
            rec.agentInfo("com.acme.Fib 4");
            fibId = rec.define("com.acme.Fib", "fib", "(I)I");
            JfrRecordingFixture.resetSeq();
            JfrRecordingFixture.threadInfo(false);
            fib(3);
            JfrRecordingFixture.rotateChunk();
            rec.redefine(fibId, "com.acme.Fib", "fib", "(I)I");
            fib(2);
            file = rec.dump(dir.resolve("fib.jfr"));
        }
        TraceData trace = TraceReader.read(file);
        assertTrue(trace.hasFlowTraceEvents());
        assertFalse(trace.truncated());
        assertEquals("com.acme.Fib 4", trace.command());
        StringWriter out = new StringWriter();
        new TextTreeRenderer(TreeOptions.builder().full().build()).render(trace, out);
        String name = Thread.currentThread().getName();
        assertEquals(name + "\n"
                + "├─ Fib.fib(3) → 2\n"
                + "│  ├─ Fib.fib(2) → 1\n"
                + "│  │  ├─ Fib.fib(1) → 1\n"
                + "│  │  └─ Fib.fib(0) → 0\n"
                + "│  └─ Fib.fib(1) → 1\n"
                + "└─ Fib.fib(2) → 1\n"
                + "   ├─ Fib.fib(1) → 1\n"
                + "   └─ Fib.fib(0) → 0\n", out.toString());
        assertEquals(8, trace.callCount());
        assertEquals(java.util.List.of(), trace.warnings());
    }
}
