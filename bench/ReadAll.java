import java.nio.file.Path;

import io.flowtrace.events.records.CallRecordReader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The yardsticks for reading: a plain RecordingFile loop that touches every event of a recording, and with
 * {@code --decode} the same loop that also decodes every call record of every {@code flowtrace.CallBatch} event
 * (kind, method, time, and its values checked but not rendered), so that it touches every call even when calls are
 * batched.
 * Usage: java -cp flowtrace-events.jar:. ReadAll [--decode] FILE
 */
public class ReadAll {
    public static void main(String[] args) throws Exception {
        boolean decode = args[0].equals("--decode");
        long events = 0;
        long records = 0;
        long checksum = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[args.length - 1]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                events++;
                checksum += event.getStartTime().getNano();
                if (decode && event.getEventType().getName().equals("flowtrace.CallBatch")) {
                    CallRecordReader r = new CallRecordReader(event.getString("records"), event.getLong("firstSeq"),
                            event.getLong("startNanos"));
                    while (r.next()) { // checks every record's values without rendering them
                        records++;
                        checksum += r.method() + r.nanos() + r.valuesEnd() - r.valuesStart();
                    }
                }
            }
        }
        System.out.println(events + " events, " + records + " call records, checksum " + checksum);
    }
}
