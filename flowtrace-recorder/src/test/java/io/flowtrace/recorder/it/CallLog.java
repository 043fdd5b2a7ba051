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
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A recording read back the way a user thinks of it: per thread, the calls as indented lines such as
 * {@code > Shop.fib(4)} and {@code < Shop.fib = 3}, in the order of their sequence numbers.
 */
final class CallLog {
    final List<RecordedEvent> events;
    final Map<Integer, RecordedEvent> definitions = new HashMap<>();
    /** FlowTrace call events per thread name, in seq order. */
    final Map<String, List<RecordedEvent>> threads = new LinkedHashMap<>();
    /** Every FlowTrace event with a seq (calls, tasks, checkpoints) per thread name, in seq order. */
    final Map<String, List<RecordedEvent>> sequenced = new LinkedHashMap<>();

    private CallLog(List<RecordedEvent> events) {
        this.events = events;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals(MethodDefinitionEvent.NAME)) {
                definitions.put(event.getInt("id"), event);
            } else if (type.equals(MethodEnterEvent.NAME) || type.equals(MethodExitEvent.NAME)) {
                threads.computeIfAbsent(threadKey(event), k -> new ArrayList<>()).add(event);
            }
            if (type.startsWith("flowtrace.") && event.hasField("seq")) {
                sequenced.computeIfAbsent(threadKey(event), k -> new ArrayList<>()).add(event);
            }
        }
        threads.values().forEach(list -> list.sort(Comparator.comparingLong(e -> e.getLong("seq"))));
        sequenced.values().forEach(list -> list.sort(Comparator.comparingLong(e -> e.getLong("seq"))));
    }

    static CallLog read(Path recording) throws IOException {
        return new CallLog(RecordingFile.readAllEvents(recording));
    }

    static String threadKey(RecordedEvent event) {
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

    /** A thread's calls, one line per event, indented by nesting, identity hashes replaced by @HASH. */
    String text(String threadKey) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (RecordedEvent event : threads.get(threadKey)) {
            boolean enter = event.getEventType().getName().equals(MethodEnterEvent.NAME);
            if (!enter) {
                depth--;
            }
            text.append("  ".repeat(Math.max(depth, 0))).append(enter ? "> " : "< ")
                    .append(method(event.getInt("method")));
            if (enter) {
                String arguments = event.getString("arguments");
                text.append('(').append(arguments == null ? "-"
                        : arguments.replace(String.valueOf(EventNames.ARGUMENT_SEPARATOR), ", ")).append(')');
                depth++;
            } else if (event.getBoolean("thrown")) {
                text.append(" threw ").append(event.getString("exception"));
                if (event.getString("message") != null) {
                    text.append(' ').append(event.getString("message"));
                }
            } else {
                String result = event.getString("result");
                text.append(result == null ? " void" : " = " + result);
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

    /** Sequence numbers of each thread (calls, task events, checkpoints) run 0, 1, 2, ... without gap or repeat. */
    void assertSequencesComplete() {
        sequenced.forEach((thread, list) -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).getLong("seq") != i) {
                    throw new AssertionError("thread " + thread + ": event " + i + " has seq "
                            + list.get(i).getLong("seq"));
                }
            }
        });
    }
}
