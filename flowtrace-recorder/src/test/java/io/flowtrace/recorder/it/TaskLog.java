package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.events.TaskStartEvent;
import io.flowtrace.events.ThreadInfoEvent;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;

/** The task events of a recording, per task id: its fork, start, end and joins. */
final class TaskLog {
    /** One task as the recording tells it; start, end may be null. */
    static final class Task {
        final long id;
        RecordedEvent fork;
        /** The first start and the last end (a periodic task starts and ends once a run). */
        RecordedEvent start;
        RecordedEvent end;
        final List<RecordedEvent> starts = new ArrayList<>();
        final List<RecordedEvent> ends = new ArrayList<>();
        final List<RecordedEvent> joins = new ArrayList<>();

        Task(long id) {
            this.id = id;
        }

        String kind() {
            return fork.getString("kind");
        }

        long parent() {
            return fork.getLong("parentTask");
        }

        long source() {
            return fork.getLong("source");
        }

        String outcome() {
            return end == null ? null : end.getString("outcome");
        }

        @Override
        public String toString() {
            return "task " + id + (fork == null ? " (no fork)" : " " + kind() + " at " + userFrames(fork))
                    + (start == null ? ", never started" : ", started on " + start.getThread().getJavaName())
                    + (end == null ? ", never ended" : ", ended " + outcome());
        }
    }

    final CallLog calls;
    final Map<Long, Task> tasks = new LinkedHashMap<>();
    final List<RecordedEvent> checkpoints = new ArrayList<>();
    private final List<String> source;

    private TaskLog(CallLog calls, List<String> source) {
        this.calls = calls;
        this.source = source;
        for (RecordedEvent event : calls.events) {
            String type = event.getEventType().getName();
            switch (type) {
                case TaskForkEvent.NAME -> task(event).fork = event;
                case TaskStartEvent.NAME -> {
                    Task task = task(event);
                    task.starts.add(event);
                    task.start = task.start == null ? event : task.start;
                }
                case TaskEndEvent.NAME -> {
                    Task task = task(event);
                    task.ends.add(event);
                    task.end = event;
                }
                case TaskJoinEvent.NAME -> task(event).joins.add(event);
                case CheckpointEvent.NAME -> checkpoints.add(event);
                default -> { }
            }
        }
    }

    /** The recording's tasks; {@code source} is the program file whose "fork:NAME" markers name fork sites. */
    static TaskLog read(Path recording, Path source) throws IOException {
        return new TaskLog(CallLog.read(recording), Files.readAllLines(source));
    }

    private Task task(RecordedEvent event) {
        return tasks.computeIfAbsent(event.getLong("task"), Task::new);
    }

    /** Whether the event's thread is virtual, as its flowtrace.ThreadInfo says. */
    boolean isVirtual(RecordedEvent event) {
        String thread = CallLog.threadKey(event);
        return calls.named(ThreadInfoEvent.NAME).stream()
                .anyMatch(info -> CallLog.threadKey(info).equals(thread) && info.getBoolean("virtual"));
    }

    /** The line number of the source line with the marker, e.g. {@code // fork:submit}. */
    int line(String marker) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains("// " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no marker " + marker + " in the program");
    }

    /** The tasks whose first program frame (class in package demo) is the marked line, in fork order. */
    List<Task> forkedAt(String marker) {
        int line = line(marker);
        List<Task> found = tasks.values().stream().filter(t -> t.fork != null && firstUserLine(t.fork) == line)
                .toList();
        assertTrue(!found.isEmpty(), () -> "no fork at " + marker + " (line " + line + "); tasks:\n" + this);
        return found;
    }

    /** The one task forked at the marked line. */
    Task oneForkedAt(String marker) {
        List<Task> found = forkedAt(marker);
        assertEquals(1, found.size(), () -> "forks at " + marker + ": " + found);
        return found.get(0);
    }

    Task get(long id) {
        Task task = tasks.get(id);
        assertNotNull(task, () -> "no task " + id + " in\n" + this);
        return task;
    }

    /** Line of the top frame of the program's own code (package demo) in the event's stack trace, or -1. */
    static int firstUserLine(RecordedEvent event) {
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.getMethod().getType().getName().startsWith("demo.")) {
                return frame.getLineNumber();
            }
        }
        return -1;
    }

    static String userFrames(RecordedEvent event) {
        return event.getStackTrace() == null ? "(no stack)" : event.getStackTrace().getFrames().stream()
                .filter(f -> f.getMethod().getType().getName().startsWith("demo."))
                .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":"
                        + f.getLineNumber()).toList().toString();
    }

    /**
     * The seq of the enter and exit of the only call of {@code method} (e.g. {@code ExecutorTasks.submitAndGet})
     * on the thread of {@code event}, and asserts that the event's seq lies between them.
     */
    void assertInside(String method, RecordedEvent event) {
        String thread = CallLog.threadKey(event);
        List<CallLog.Call> list = calls.threads.get(thread);
        assertNotNull(list, () -> "no calls on " + thread);
        long enter = -1;
        long exit = -1;
        for (CallLog.Call call : list) {
            boolean isEnter = call.isEnter();
            if (calls.method(call.method()).equals(method)) {
                if (isEnter && enter < 0) {
                    enter = call.seq();
                } else if (!isEnter && enter >= 0 && exit < 0) {
                    exit = call.seq();
                }
            }
        }
        long seq = event.getLong("seq");
        long from = enter;
        long to = exit;
        assertTrue(from >= 0 && from < seq && (to < 0 || seq < to),
                () -> event.getEventType().getName() + " seq " + seq + " not inside " + method + " [" + from + ", "
                        + to + "] on " + thread);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        tasks.values().forEach(task -> text.append(task).append('\n'));
        return text.toString();
    }
}
