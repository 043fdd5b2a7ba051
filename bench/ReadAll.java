import java.nio.file.Path;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** The yardstick for reading: a plain RecordingFile loop that touches every event of a recording. */
public class ReadAll {
    public static void main(String[] args) throws Exception {
        long events = 0;
        long checksum = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                events++;
                checksum += event.getStartTime().getNano();
            }
        }
        System.out.println(events + " events " + checksum);
    }
}
