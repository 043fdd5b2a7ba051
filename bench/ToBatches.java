import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.records.CallRecordWriter;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Rewrites a recording of single {@code flowtrace.MethodEnter}/{@code MethodExit} events (one thread) as
 * {@code flowtrace.CallBatch} events of 4096 records, the format the recorder is moving to, for measuring the
 * analyzer on batched calls before the recorder writes them. Integer values are stored as integers.
 * Usage: java -cp flowtrace-events.jar:. ToBatches IN.jfr OUT.jfr
 */
public class ToBatches {
    private static final int RECORDS = 4096;
    private static long base = Long.MIN_VALUE;

    public static void main(String[] args) throws Exception {
        for (Class<? extends Event> type : EventNames.ALL) {
            FlightRecorder.register(type);
        }
        FlightRecorder.register(CallBatchEvent.class);
        try (Recording out = new Recording()) {
            out.enable(CallBatchEvent.class).withoutStackTrace();
            out.enable(MethodDefinitionEvent.class).withoutStackTrace();
            out.start();
            Set<Long> defined = new HashSet<>();
            Map<Long, CallRecordWriter> writers = new HashMap<>();
            Map<Long, Long> firstSeqs = new HashMap<>();
            long batches = 0;
            try (RecordingFile in = new RecordingFile(Path.of(args[0]))) {
                while (in.hasMoreEvents()) {
                    RecordedEvent e = in.readEvent();
                    String type = e.getEventType().getName();
                    if (type.equals("flowtrace.MethodDefinition")) {
                        if (defined.add(e.getLong("id"))) {
                            MethodDefinitionEvent d = new MethodDefinitionEvent();
                            d.id = e.getInt("id");
                            d.type = e.getString("type");
                            d.name = e.getString("name");
                            d.descriptor = e.getString("descriptor");
                            d.parameterNames = e.getString("parameterNames");
                            d.modifiers = e.getInt("modifiers");
                            d.commit();
                        }
                        continue;
                    }
                    boolean enter = type.equals("flowtrace.MethodEnter");
                    if (!enter && !type.equals("flowtrace.MethodExit")) {
                        continue;
                    }
                    long thread = e.getThread().getJavaThreadId();
                    // record times on a clock of their own, as the recorder's nanoTime: since the first event
                    long nanos = e.getStartTime().getEpochSecond() * 1_000_000_000L + e.getStartTime().getNano();
                    if (base == Long.MIN_VALUE) {
                        base = nanos;
                    }
                    nanos -= base;
                    long seq = e.getLong("seq");
                    CallRecordWriter w = writers.get(thread);
                    if (w != null && seq != firstSeqs.get(thread) + w.count()) {
                        // out of order in the file: a batch holds consecutive seqs only
                        commit(thread, firstSeqs.get(thread), w);
                        batches++;
                        w = null;
                    }
                    if (w == null) {
                        w = new CallRecordWriter(RECORDS * 6, nanos);
                        writers.put(thread, w);
                        firstSeqs.put(thread, seq);
                    }
                    int method = e.getInt("method");
                    if (enter) {
                        String joined = e.getString("arguments");
                        String[] values = joined == null || joined.isEmpty() ? new String[0]
                                : joined.split(String.valueOf(EventNames.ARGUMENT_SEPARATOR), -1);
                        w.enter(nanos, method, values.length);
                        for (String v : values) {
                            value(w, v);
                        }
                    } else {
                        String result = e.getString("result");
                        if (result == null) {
                            w.returnVoid(nanos, method);
                        } else {
                            w.returnValue(nanos, method);
                            value(w, result);
                        }
                    }
                    if (w.count() == RECORDS) {
                        commit(thread, firstSeqs.get(thread), w);
                        writers.remove(thread);
                        batches++;
                    }
                }
            }
            for (Map.Entry<Long, CallRecordWriter> w : writers.entrySet()) {
                commit(w.getKey(), firstSeqs.get(w.getKey()), w.getValue());
                batches++;
            }
            out.stop();
            out.dump(Path.of(args[1]));
            System.out.println(batches + " batches");
        }
    }

    private static void value(CallRecordWriter w, String v) {
        try {
            w.integer(Long.parseLong(v));
        } catch (NumberFormatException notInteger) {
            w.text(v);
        }
    }

    private static void commit(long owner, long firstSeq, CallRecordWriter w) {
        CallBatchEvent b = new CallBatchEvent();
        b.ownerThreadId = owner;
        b.ownerThreadName = "main";
        b.firstSeq = firstSeq;
        b.count = w.count();
        b.startNanos = w.startNanos();
        b.begin();
        java.time.Instant now = java.time.Instant.now();
        b.commitNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - base; // pairs with the start time
        b.records = w.take();
        b.commit();
    }
}
