package io.flowtrace.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.events.records.CallRecordWriter;

/** Calls packed into {@code flowtrace.CallBatch} events read back as the same tree as single events. */
class CallBatchJfrTest {
    @TempDir
    Path dir;

    @Test
    void batchesOfAThreadCommittedOutOfOrderByAnotherThreadAcrossChunksReadAsItsTree() throws Exception {
        Path file;
        try (JfrRecordingFixture rec = new JfrRecordingFixture()) {
            int main = rec.define("com.acme.Shop", "checkout", "(Ljava/lang/String;I)I");
            int price = rec.define("com.acme.Shop", "priceOf", "(Ljava/lang/String;)I");
            int audit = rec.define("com.acme.Shop", "audit", "()V");
            long t0 = System.nanoTime();
            CallRecordWriter first = new CallRecordWriter(16, t0);
            first.enter(t0, main, 2);
            first.text("\"kiwi\"");
            first.integer(3);
            first.enter(t0 + 1_000_000, price, 1);
            first.text("\"kiwi\"");
            first.thrown(t0 + 3_000_000, price, "java.util.NoSuchElementException", "no \"kiwi\"");
            // batches of a thread committed by this one, the later one first and in an earlier chunk
            Thread owner = new Thread(() -> JfrRecordingFixture.threadInfo(false), "shop-1");
            owner.start();
            owner.join();
            long secondStart = t0 + 3_000_000;
            CallRecordWriter second = new CallRecordWriter(16, secondStart);
            second.enter(secondStart, audit, 0);
            second.returnVoid(secondStart + 2_000_000, audit);
            second.returnValue(secondStart + 5_000_000, main);
            second.integer(-1);
            JfrRecordingFixture.rotateChunk();
            JfrRecordingFixture.batch(owner, 3, second);
            JfrRecordingFixture.rotateChunk();
            JfrRecordingFixture.batch(owner, 0, first);
            file = rec.dump(dir.resolve("batches.jfr"));
        }

        TraceData trace = TraceReader.read(file);

        assertEquals("""
                shop-1
                └─ Shop.checkout("kiwi", 3) → -1
                   ├─ Shop.priceOf("kiwi") ✗ NoSuchElementException: no "kiwi"  (caught in Shop.checkout)
                   └─ Shop.audit()
                """, Synthetic.text(trace));
        assertEquals(List.of(), trace.warnings());
        CallNode checkout = trace.threads().get(0).roots().get(0);
        assertEquals(8_000_000, checkout.duration().toNanos(), "times come from the records' nanoTime deltas");
        assertEquals(2_000_000, checkout.children().get(1).duration().toNanos());
    }
}
