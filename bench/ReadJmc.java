import java.io.File;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.records.CallRecordReader;

/**
 * The floor of any reader built on JMC's parser, which the analyzer must use: JMC parses every event of a
 * recording into a sink that keeps nothing, with its own loader, which parses the chunks in parallel. With
 * {@code --decode} the sink also decodes every call record of every {@code flowtrace.CallBatch} event (kind, method,
 * time, values checked but not rendered), as {@code ReadAll --decode} does after the JDK's parser. No tree is built.
 * Usage: java -XX:+UseSerialGC -cp flowtrace-cli/target/flowtrace.jar:. ReadJmc [--decode] FILE
 */
public class ReadJmc {
    public static void main(String[] args) throws Exception {
        boolean decode = args[0].equals("--decode");
        LongAdder events = new LongAdder();
        LongAdder records = new LongAdder();
        LongAdder checksum = new LongAdder();
        IParserExtension touch = new IParserExtension() {
            @Override
            public IEventSinkFactory getEventSinkFactory(IEventSinkFactory next) {
                return new IEventSinkFactory() {
                    @Override
                    public IEventSink create(String identifier, String label, String[] category, String description,
                            List<ValueField> fields) {
                        int recordsField = -1;
                        for (int i = 0; CallBatchEvent.NAME.equals(identifier) && i < fields.size(); i++) {
                            if (fields.get(i).getIdentifier().equals("records")) {
                                recordsField = i;
                            }
                        }
                        int batch = recordsField;
                        return values -> {
                            events.increment();
                            checksum.add(values.length);
                            if (decode && batch >= 0) {
                                CallRecordReader r = new CallRecordReader((String) values[batch], 0, 0);
                                long n = 0;
                                long sum = 0;
                                while (r.next()) { // checks every record's values without rendering them
                                    n++;
                                    sum += r.method() + r.nanos() + r.valuesEnd() - r.valuesStart();
                                }
                                records.add(n);
                                checksum.add(sum);
                            }
                        };
                    }

                    @Override
                    public void flush() {
                        // nothing is kept
                    }
                };
            }
        };
        JfrLoaderToolkit.loadEvents(List.of(new File(args[args.length - 1])), List.of(touch));
        System.out.println(events + " events, " + records + " call records, checksum " + checksum);
        System.exit(0); // JMC's parser threads are not daemons
    }
}
