package io.flowtrace.cli;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.records.CallRecordReader;
import io.flowtrace.events.records.CallRecordWriter;
import io.flowtrace.events.records.CallRecords;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Writes a copy of a recording without the program's values: every FlowTrace event is committed again in this
 * JVM with its argument, result, message and task-object fields replaced by {@value #HIDDEN} (inside call batches
 * too, record by record), from a thread named like the one that recorded it, so that the copy reads as the same call trees. Everything else in the
 * file (JDK events, other tools' events) is left out. Timestamps are those of the copy, not of the original run,
 * and thread ids are new.
 */
final class Scrubber {
    /** What a removed value reads as. */
    static final String HIDDEN = "…";
    /** Fields that hold values of the traced program. */
    private static final Set<String> VALUE_FIELDS = Set.of("arguments", "result", "message", "taskObject");
    private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(
            String.valueOf(EventNames.ARGUMENT_SEPARATOR)));
    private static final Map<String, Class<? extends Event>> TYPES = new LinkedHashMap<>();

    static {
        for (Class<? extends Event> type : EventNames.ALL) {
            TYPES.put(type.getAnnotation(Name.class).value(), type);
        }
    }

    private Scrubber() {
    }

    /** The events of one recorded thread, to be committed again from a thread of the same name. */
    private record ThreadEvents(String name, List<Event> events) {
    }

    /**
     * Scrubs {@code in} (complete JFR chunks) into {@code out}, which is created readable by its owner only.
     *
     * @return how many events were copied
     */
    static long scrub(Path in, Path out) throws IOException {
        List<Event> unthreaded = new ArrayList<>();
        Map<String, ThreadEvents> threads = new LinkedHashMap<>();
        long copied = 0;
        try (RecordingFile file = new RecordingFile(in)) {
            while (file.hasMoreEvents()) {
                RecordedEvent recorded = file.readEvent();
                Class<? extends Event> type = TYPES.get(recorded.getEventType().getName());
                if (type == null) {
                    continue;
                }
                Event copy = copy(recorded, type);
                RecordedThread thread = recorded.getThread();
                if (copy instanceof CallBatchEvent batch && batch.ownerThreadId != 0) {
                    // committed for its owner by another thread: the copy is committed from the owner's namesake
                    String name = batch.ownerThreadName == null ? "" : batch.ownerThreadName;
                    threads.computeIfAbsent(batch.ownerThreadId + "/" + name,
                            key -> new ThreadEvents(name, new ArrayList<>())).events().add(copy);
                    batch.ownerThreadId = 0;
                    batch.ownerThreadName = null;
                } else if (thread == null) {
                    unthreaded.add(copy);
                } else {
                    String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
                    threads.computeIfAbsent(thread.getJavaThreadId() + "/" + name,
                            key -> new ThreadEvents(name, new ArrayList<>())).events().add(copy);
                }
                copied++;
            }
        }
        try (Recording recording = new Recording()) {
            recording.setName("FlowTrace scrub");
            for (Class<? extends Event> type : EventNames.ALL) {
                recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            recording.start();
            unthreaded.forEach(Event::commit);
            for (ThreadEvents thread : threads.values()) {
                commitFrom(thread);
            }
            recording.stop();
            Files.deleteIfExists(out);
            createPrivate(out);
            recording.dump(out);
        }
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no owner-only permission to give
        }
        return copied;
    }

    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** Commits a thread's events from a new thread of the same name, so the copy keeps them apart. */
    private static void commitFrom(ThreadEvents thread) throws IOException {
        Throwable[] failure = new Throwable[1];
        Thread emitter = new Thread(() -> thread.events().forEach(Event::commit), thread.name());
        emitter.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
        emitter.start();
        try {
            emitter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (failure[0] != null) {
            throw new IOException("could not write the events of thread " + thread.name() + ": " + failure[0],
                    failure[0]);
        }
    }

    private static Event copy(RecordedEvent recorded, Class<? extends Event> type) throws IOException {
        try {
            Event copy = type.getConstructor().newInstance();
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) || !recorded.hasField(field.getName())) {
                    continue;
                }
                Object value = recorded.getValue(field.getName());
                if (value instanceof String text) {
                    value = scrubbed(type, field.getName(), text);
                }
                set(copy, field, value);
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot copy " + recorded.getEventType().getName() + ": " + e, e);
        }
    }

    private static String scrubbed(Class<? extends Event> type, String field, String text) {
        if (type == CallBatchEvent.class && field.equals("records")) {
            return scrubbedRecords(text);
        }
        if (type == MethodEnterEvent.class && field.equals("arguments")) {
            // keep how many arguments there were
            return text.isEmpty() ? text : String.join(String.valueOf(EventNames.ARGUMENT_SEPARATOR),
                    SEPARATOR.splitAsStream(text).map(argument -> HIDDEN).toList());
        }
        if (VALUE_FIELDS.contains(field)) {
            return HIDDEN;
        }
        if (type == AgentInfoEvent.class && field.equals("command")) {
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space) + " " + HIDDEN; // the main class, not its arguments
        }
        return text;
    }

    /**
     * The records with every argument, result and message replaced by {@value #HIDDEN}, keeping methods, argument
     * counts, exception classes and times. Records past a malformed one are left out.
     */
    private static String scrubbedRecords(String records) {
        CallRecordReader in = new CallRecordReader(records, 0, 0);
        CallRecordWriter out = new CallRecordWriter(records.length(), 0);
        try {
            while (in.next()) {
                switch (in.kind()) {
                    case CallRecords.ENTER -> {
                        out.enter(in.nanos(), in.method(), in.argumentCount());
                        for (int i = 0; i < in.argumentCount(); i++) {
                            out.text(HIDDEN);
                        }
                    }
                    case CallRecords.ENTER_NO_VALUES -> out.enterWithoutValues(in.nanos(), in.method());
                    case CallRecords.RETURN -> {
                        out.returnValue(in.nanos(), in.method());
                        out.text(HIDDEN);
                    }
                    case CallRecords.RETURN_VOID -> out.returnVoid(in.nanos(), in.method());
                    case CallRecords.THROW -> {
                        String message = in.message() == null ? null : HIDDEN;
                        if (in.identity() == CallRecordReader.NO_IDENTITY) {
                            out.thrown(in.nanos(), in.method(), in.exception(), message);
                        } else { // kept: it says where each exception was caught, and nothing of the program's data
                            out.thrown(in.nanos(), in.method(), (int) in.identity(), in.exception(), message);
                        }
                    }
                    default -> out.mark(in.nanos());
                }
            }
        } catch (IllegalArgumentException malformed) {
            // what was read is kept
        }
        return out.take();
    }

    private static void set(Event event, Field field, Object value) throws IllegalAccessException {
        Class<?> type = field.getType();
        if (value == null) {
            if (!type.isPrimitive()) {
                field.set(event, null);
            }
        } else if (type == int.class) {
            field.setInt(event, ((Number) value).intValue());
        } else if (type == long.class) {
            field.setLong(event, ((Number) value).longValue());
        } else if (type == boolean.class) {
            field.setBoolean(event, (Boolean) value);
        } else if (type == String.class) {
            field.set(event, value.toString());
        }
    }
}
