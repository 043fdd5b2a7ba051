package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecordWriter;
import io.flowtrace.events.records.CallRecords;
import org.junit.jupiter.api.Test;

/** What {@code scrub} leaves of a batch of call records. */
class ScrubberTest {
    @Test
    void callRecordsKeepMethodsExceptionsAndTimesButNoValue() {
        CallRecordWriter writer = new CallRecordWriter(64, 1_000);
        writer.enter(1_000, 7, 2);
        writer.text("\"hunter2\"");
        writer.integer(42);
        writer.enter(1_500, 8, 0);
        writer.thrown(2_000, 8, "java.io.IOException", "\"disk /home/ann full\"");
        writer.mark(2_000);
        writer.returnValue(3_000, 7);
        writer.text("\"token-123\"");

        String scrubbed = Scrubber.scrubbedRecords(writer.take(), 1_000);

        assertEquals(List.of("7 enter …\u001f… @1000", "8 enter  @1500",
                "8 threw java.io.IOException … @2000", "mark @2000", "7 returned … @3000"), read(scrubbed));
    }

    private static List<String> read(String records) {
        List<String> lines = new ArrayList<>();
        CallRecordReader reader = new CallRecordReader(records, 0, 1_000);
        while (reader.next()) {
            String at = " @" + reader.nanos();
            lines.add(switch (reader.kind()) {
                case CallRecords.ENTER -> reader.method() + " enter " + reader.arguments() + at;
                case CallRecords.RETURN -> reader.method() + " returned " + reader.result() + at;
                case CallRecords.THROW -> reader.method() + " threw " + reader.exception() + " " + reader.message()
                        + at;
                case CallRecords.MARK -> "mark" + at;
                default -> "kind " + reader.kind() + at;
            });
        }
        return lines;
    }
}
