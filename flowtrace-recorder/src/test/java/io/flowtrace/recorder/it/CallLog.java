package io.flowtrace.recorder.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecords;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A recording read back the way a user thinks of it: per thread, the calls as indented lines such as
 * {@code > Shop.fib(4)} and {@code < Shop.fib = 3}, in the order of their sequence numbers.
 */
final class CallLog {
    /** One call record, decoded from a {@code flowtrace.CallBatch}. */
    record Call(long seq, int kind, int method, String arguments, String result, String exception,
                String message) {
        boolean isEnter() {
            return kind == CallRecords.ENTER || kind == CallRecords.ENTER_NO_VALUES;
        }
    }

    final List<RecordedEvent> events;
    final Map<Integer, RecordedEvent> definitions = new HashMap<>();
    /** Call records (enters and exits) per thread name, in seq order. */
    final Map<String, List<Call>> threads = new LinkedHashMap<>();
    /** The seqs of every call record (marks included) per thread name, in order. */
    final Map<String, List<Long>> sequenced = new LinkedHashMap<>();
    /** The seqs of the marks (taken by other events of the thread) per thread name. */
    final Map<String, List<Long>> marks = new LinkedHashMap<>();
    /** The seqs of the other FlowTrace events (tasks, checkpoints) per thread name. */
    final Map<String, List<Long>> others = new LinkedHashMap<>();
    /** Enter records in the recording. */
    long enters;

    private CallLog(List<RecordedEvent> events) {
        this.events = events;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals(MethodDefinitionEvent.NAME)) {
                definitions.put(event.getInt("id"), event);
            } else if (type.equals(CallBatchEvent.NAME)) {
                String thread = threadKey(event);
                CallRecordReader reader = new CallRecordReader(event.getString("records"), event.getLong("firstSeq"),
                        event.getLong("startNanos"));
                while (reader.next()) {
                    sequenced.computeIfAbsent(thread, k -> new ArrayList<>()).add(reader.seq());
                    if (reader.kind() == CallRecords.MARK) {
                        marks.computeIfAbsent(thread, k -> new ArrayList<>()).add(reader.seq());
                        continue;
                    }
                    Call call = new Call(reader.seq(), reader.kind(), reader.method(), reader.arguments(),
                            reader.result(), reader.exception(), reader.message());
                    enters += call.isEnter() ? 1 : 0;
                    threads.computeIfAbsent(thread, k -> new ArrayList<>()).add(call);
                }
            } else if (type.startsWith("flowtrace.") && event.hasField("seq")) {
                others.computeIfAbsent(threadKey(event), k -> new ArrayList<>()).add(event.getLong("seq"));
            }
        }
        threads.values().forEach(list -> list.sort(Comparator.comparingLong(Call::seq)));
        sequenced.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        marks.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        others.values().forEach(list -> list.sort(Comparator.naturalOrder()));
    }

    static CallLog read(Path recording) throws IOException {
        return new CallLog(RecordingFile.readAllEvents(recording));
    }

    /** {@code name#id} of the thread whose event it is: for a call batch committed by another thread, its owner. */
    static String threadKey(RecordedEvent event) {
        if (event.hasField("ownerThreadId") && event.getLong("ownerThreadId") != 0) {
            return event.getString("ownerThreadName") + "#" + event.getLong("ownerThreadId");
        }
        var thread = event.getThread();
        return thread.getJavaName() + "#" + thread.getJavaThreadId();
    }

    List<RecordedEvent> named(String eventName) {
        return events.stream().filter(e -> e.getEventType().getName().equals(eventName)).toList();
    }

    /** The calls of the thread named {@code main}. */
    String main() {
        return threads.keySet().stream().filter(key -> key.startsWith("main#")).findFirst()
                .map(this::text).orElse("(no calls on main)");
    }

    /** A thread's calls, one line per record, indented by nesting, identity hashes replaced by @HASH. */
    String text(String threadKey) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Call call : threads.get(threadKey)) {
            boolean enter = call.isEnter();
            if (!enter) {
                depth--;
            }
            text.append("  ".repeat(Math.max(depth, 0))).append(enter ? "> " : "< ").append(method(call.method()));
            if (enter) {
                String arguments = call.arguments();
                text.append('(').append(arguments == null ? "-"
                        : arguments.replace(String.valueOf(EventNames.ARGUMENT_SEPARATOR), ", ")).append(')');
                depth++;
            } else if (call.kind() == CallRecords.THROW) {
                text.append(" threw ").append(call.exception());
                if (call.message() != null) {
                    text.append(' ').append(call.message());
                }
            } else {
                text.append(call.kind() == CallRecords.RETURN_VOID ? " void" : " = " + call.result());
            }
            text.append('\n');
        }
        return text.toString().replaceAll("@[0-9a-f]{1,8}\\b", "@HASH");
    }

    /** {@code Shop.fib}: the defined method's class without package, and name. */
    String method(int id) {
        RecordedEvent definition = definitions.get(id);
        if (definition == null) {
            return "?" + id;
        }
        String type = definition.getString("type");
        return type.substring(type.lastIndexOf('.') + 1) + "." + definition.getString("name");
    }

    /** Methods defined in the recording, as {@code demo.Shop.fib}. */
    List<String> definedMethods() {
        return definitions.values().stream()
                .map(d -> d.getString("type") + "." + d.getString("name")).sorted().collect(Collectors.toList());
    }

    /**
     * Sequence numbers of each thread's call records run 0, 1, 2, ... without gap or repeat, and its other events
     * (tasks, checkpoints) take exactly the seqs of its marks.
     */
    void assertSequencesComplete() {
        sequenced.forEach((thread, list) -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != i) {
                    throw new AssertionError("thread " + thread + ": record " + i + " has seq " + list.get(i));
                }
            }
        });
        others.forEach((thread, list) -> {
            if (!list.equals(marks.getOrDefault(thread, List.of()))) {
                throw new AssertionError("thread " + thread + ": events have seqs " + list + ", the marks "
                        + marks.get(thread));
            }
        });
    }
}
