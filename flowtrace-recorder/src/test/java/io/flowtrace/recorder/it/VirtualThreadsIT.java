package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.flowtrace.events.ThreadInfoEvent;
import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/** Calls on virtual threads (JDK 21+) are recorded per virtual thread, each with its own sequence from 0. */
class VirtualThreadsIT {
    @Test
    void recordsCallsOnEachVirtualThread() throws Exception {
        Jdk jdk = Jdks.requireNewest(21);
        Path classes = Programs.classes(jdk, "virtual");
        Run run = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.VirtualThreads");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("squared on virtual threads\n", run.out());
        assertEquals("", run.err());

        CallLog calls = run.calls();
        calls.assertSequencesComplete();
        TreeSet<String> squares = new TreeSet<>();
        for (Map.Entry<String, List<CallLog.Call>> thread : calls.threads.entrySet()) {
            if (thread.getKey().startsWith("main#")) {
                continue;
            }
            String text = calls.text(thread.getKey());
            assertTrue(text.matches("(?s)> VirtualThreads\\.lambda\\$main\\$0\\(\\d\\)\n  > VirtualThreads\\.square.*"),
                    thread.getKey() + ":\n" + text);
            squares.add(text.lines().filter(line -> line.contains("< VirtualThreads.square")).findFirst()
                    .orElseThrow());
        }
        assertEquals(new TreeSet<>(List.of("  < VirtualThreads.square = 1", "  < VirtualThreads.square = 4",
                "  < VirtualThreads.square = 9", "  < VirtualThreads.square = 16")), squares);
        List<RecordedEvent> infos = calls.named(ThreadInfoEvent.NAME);
        assertEquals(5, infos.size(), "one thread info per thread that ran traced calls");
        assertEquals(4, infos.stream().filter(info -> info.getBoolean("virtual")).count());
    }
}
