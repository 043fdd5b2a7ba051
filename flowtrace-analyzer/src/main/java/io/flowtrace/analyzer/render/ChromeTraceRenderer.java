package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskJoin;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Timeline;

/**
 * Writes a recording as a timeline in the Chrome trace-event JSON format ({@code {"traceEvents": [...]}}) that
 * ui.perfetto.dev and {@code chrome://tracing} open: one track per thread, named by metadata events ({@code "M"});
 * one complete slice ({@code "X"}) per call with its arguments, result and exception in {@code args}; a slice per
 * task run around the calls it made, to the end of the recording when still running; forks and joins as short
 * slices, with flow arrows (flow v2: {@code bind_id} with {@code flow_out}/{@code flow_in}) from each fork to the
 * task's run and from the run to each join that got its outcome; checkpoints as instant events ({@code "i"}).
 *
 * <p>Times are microseconds since the start of the recording. Slices on a track nest properly even where the
 * recorded times of calls and of task events (two clocks) disagree by a little: each is kept within its caller
 * and after its previous sibling. Streams with Jackson's {@link JsonGenerator}, walking one track at a time
 * without recursion, so memory does not grow with the output; the {@link Timeline} keeps at most {@code maxCalls}
 * calls.
 */
public final class ChromeTraceRenderer {
    /**
     * Calls written at most unless told otherwise: about 300 bytes of JSON a call, some 150 MB, which the viewers
     * still load (their limits are a browser's memory and string length).
     */
    public static final int DEFAULT_MAX_CALLS = 500_000;
    private static final int PID = 1;

    /**
     * What was written.
     *
     * @param timeline the layout written: calls shown and kept, levels kept, zero-length calls
     * @param threads  tracks written
     * @param tasks    task runs written
     * @param flows    flow arrows written (fork to run, run to join)
     */
    public record Summary(Timeline timeline, int threads, long tasks, long flows) {
    }

    private final CallFilter filter;
    private final long maxCalls;

    /**
     * @param filter   which threads and calls to write; its depth does not apply
     * @param maxCalls the most calls to write, at least 1 (whole levels first, see {@link Timeline})
     */
    public ChromeTraceRenderer(CallFilter filter, long maxCalls) {
        this.filter = Objects.requireNonNull(filter, "filter");
        if (maxCalls < 1) {
            throw new IllegalArgumentException("invalid maxCalls " + maxCalls + ": must be at least 1");
        }
        this.maxCalls = maxCalls;
    }

    /**
     * Writes {@code trace} to {@code out} and flushes it; {@code out} stays open.
     *
     * @param processName the name of the process track, such as the recorded command
     * @return what was written
     */
    public Summary render(TraceData trace, String processName, Writer out) throws IOException {
        Timeline timeline = new Timeline(trace, filter, maxCalls);
        Writing w = new Writing(timeline, trace);
        try (JsonGenerator g = JsonRenderer.generator(out, false)) {
            w.g = g;
            g.writeStartObject();
            g.writeArrayFieldStart("traceEvents");
            w.metadata("process_name", 0, "name", processName);
            int tid = 0;
            for (ThreadTrace thread : trace.threads()) {
                tid++;
                if (!timeline.showsThread(thread)) {
                    continue;
                }
                List<Object> items = timeline.items(thread);
                if (items.isEmpty()) {
                    continue;
                }
                w.tid = tid;
                w.metadata("thread_name", tid, "name", AsyncLabels.thread(thread));
                w.metadata("thread_sort_index", tid, "sort_index", tid);
                w.track(items);
                w.threads++;
            }
            g.writeEndArray();
            g.writeObjectFieldStart("otherData");
            g.writeStringField("source", "flowtrace");
            g.writeStringField("command", trace.command());
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        out.flush();
        return new Summary(timeline, w.threads, w.tasks, w.flows);
    }

    /** One rendering: the generator, the track being written and the flows decided up front. */
    private final class Writing {
        final Timeline timeline;
        final long origin;
        /** Tasks whose fork has an arrow to their run. */
        final Set<TaskInfo> forkFlows = new HashSet<>();
        /** Tasks whose run has an arrow to at least one join. */
        final Set<TaskInfo> joinFlows = new HashSet<>();
        /**
         * Calls that end before something that happened in them, by the time of that: call times come from the
         * agent's clock (coarse by default, up to 1 ms behind), forks, joins and tasks from JFR's, and an arrow
         * needs its start before its end.
         */
        final Map<CallNode, Long> extendedEnds = new IdentityHashMap<>();
        /** Tasks whose run slice was written (a periodic task runs more than once; the first carries the flow). */
        final Set<TaskInfo> runsWritten = new HashSet<>();
        JsonGenerator g;
        int tid;
        int threads;
        long tasks;
        long flows;

        Writing(Timeline timeline, TraceData trace) {
            this.timeline = timeline;
            this.origin = timeline.firstNanos();
            for (TaskInfo t : trace.tasks()) {
                extend(t.forkCall(), t.forkNanos());
                if (t.runParent() != null && t.runs() <= 1) {
                    boolean over = t.outcome() != TaskOutcome.RUNNING && t.endNanos() >= 0;
                    extend(t.runParent(), over ? t.endNanos() : timeline.lastNanos());
                }
                for (TaskJoin j : t.joins()) {
                    extend(j.call(), j.endNanos());
                }
            }
            for (Checkpoint c : trace.checkpoints()) {
                extend(c.call(), c.nanos());
            }
            // A flow is written only with both its ends: decided before the first track is.
            for (TaskInfo t : trace.tasks()) {
                if (!timeline.showsRun(t)) {
                    continue;
                }
                if (t.isForked() && t.forkThread() != null && timeline.showsThread(t.forkThread())) {
                    forkFlows.add(t);
                }
                for (TaskJoin j : t.joins()) {
                    if (joinFlow(j)) {
                        joinFlows.add(t);
                    }
                }
            }
        }

        private void extend(CallNode call, long nanos) {
            for (CallNode c = call; c != null && nanos >= 0 && end(c) < nanos; c = c.parent()) {
                extendedEnds.put(c.withoutTimes(), nanos);
            }
        }

        boolean joinFlow(TaskJoin j) {
            return j.completed() && j.thread() != null && timeline.showsThread(j.thread())
                    && timeline.showsRun(j.task());
        }

        /** Writes a track; each open level knows its time span, the earliest start left, and its task. */
        void track(List<Object> items) throws IOException {
            Deque<Level> levels = new ArrayDeque<>();
            levels.push(new Level(items, timeline.firstNanos(), timeline.lastNanos(), -1, null));
            while (!levels.isEmpty()) {
                Level level = levels.peek();
                if (level.next == level.items.size()) {
                    levels.pop();
                    if (!levels.isEmpty()) {
                        levels.peek().cursor = level.end;
                    }
                    continue;
                }
                Object item = level.items.get(level.next++);
                if (item instanceof CallNode call) {
                    long start = level.clampStart(call.startNanos());
                    long end = level.clampEnd(start, end(call));
                    writeCall(call, start, end);
                    TaskInfo task = call.task() != null ? call.task() : level.task;
                    levels.push(new Level(timeline.items(call, level.callLevel + 1, task), start, end,
                            level.callLevel + 1, task));
                } else if (item instanceof Timeline.TaskRun run) {
                    long start = level.clampStart(runStart(run));
                    long end = level.clampEnd(start, runEnd(run));
                    writeRun(run.task(), start, end);
                    levels.push(new Level(run.items(), start, end, level.callLevel, run.task()));
                } else if (item instanceof TaskInfo fork) {
                    long at = level.clampStart(fork.forkNanos());
                    writeFork(fork, at);
                    level.cursor = at;
                } else if (item instanceof TaskJoin join) {
                    long end = level.clampStart(join.endNanos());
                    long start = join.waitNanos() > 0 ? Math.max(level.cursor, end - join.waitNanos()) : end;
                    writeJoin(join, start, end);
                    level.cursor = end;
                } else if (item instanceof Checkpoint checkpoint) {
                    long at = level.clampStart(checkpoint.nanos());
                    writeCheckpoint(checkpoint, at);
                    level.cursor = at;
                }
            }
        }

        long end(CallNode call) {
            // by the node the walk's node was made from (a trace read with times makes one anew at each visit)
            Long extended = extendedEnds.get(call.withoutTimes());
            return extended == null ? recordedEnd(call) : Math.max(extended, recordedEnd(call));
        }

        long recordedEnd(CallNode call) {
            if (call.endNanos() >= 0) {
                return call.endNanos();
            }
            if (call.outcome() == Outcome.RUNNING) {
                return timeline.lastNanos();
            }
            // exit not recorded (a constructor that threw): as long as what it did
            long end = call.startNanos();
            for (CallNode c : call.children()) {
                end = Math.max(end, Math.max(c.startNanos(), c.endNanos()));
            }
            return end;
        }

        /**
         * A run starts when the task started (the first run of a periodic task; later ones at their first call):
         * its calls, timed by another clock, are kept within it.
         */
        long runStart(Timeline.TaskRun run) {
            TaskInfo task = run.task();
            if (task.runs() <= 1 && task.startNanos() >= 0) {
                return task.startNanos();
            }
            for (Object o : run.items()) {
                if (o instanceof CallNode c && c.startNanos() >= 0) {
                    return c.startNanos();
                }
            }
            return task.startNanos();
        }

        long runEnd(Timeline.TaskRun run) {
            TaskInfo task = run.task();
            long end = -1;
            if (task.runs() <= 1) {
                boolean over = task.outcome() != TaskOutcome.RUNNING && task.endNanos() >= 0;
                end = over ? task.endNanos() : timeline.lastNanos();
            }
            for (int i = run.items().size() - 1; i >= 0; i--) {
                if (run.items().get(i) instanceof CallNode c) {
                    end = Math.max(end, end(c));
                    break;
                }
            }
            return end;
        }

        void writeCall(CallNode call, long start, long end) throws IOException {
            slice("call", CallLabels.printable(CallLabels.call(call)), start, end);
            g.writeObjectFieldStart("args");
            MethodInfo m = call.method();
            g.writeStringField("class", m.className());
            if (call.arguments() != null) {
                g.writeObjectFieldStart("arguments");
                List<String> names = m.parameterNames();
                for (int i = 0; i < call.arguments().size(); i++) {
                    g.writeStringField(names.size() == call.arguments().size() ? names.get(i) : "arg" + i,
                            call.arguments().get(i));
                }
                g.writeEndObject();
            }
            if (call.outcome() != Outcome.RETURNED) { // the usual case goes without saying: a slice per call adds up
                g.writeStringField("outcome", switch (call.outcome()) {
                    case RETURNED -> "returned";
                    case THREW -> "threw";
                    case RUNNING -> "running at the end of the recording";
                    case UNKNOWN -> "exit not recorded";
                });
            }
            if (call.outcome() == Outcome.RETURNED && !m.returnsVoid() && call.result() != null) {
                g.writeStringField("result", call.result());
            }
            if (call.exception() != null) {
                g.writeStringField("exception", exception(call.exception()));
                CallNode caughtIn = call.caughtIn();
                if (caughtIn != null) {
                    g.writeStringField("caughtIn", caughtIn.method().displayName());
                }
            }
            if (call.enterLost()) {
                g.writeBooleanField("enterLost", true);
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        void writeRun(TaskInfo task, long start, long end) throws IOException {
            slice("task", AsyncLabels.task(task), start, end);
            boolean first = task.runThread() != null && runsWritten.add(task);
            if (first && (forkFlows.contains(task) || joinFlows.contains(task))) {
                bind(task, forkFlows.contains(task), joinFlows.contains(task));
            }
            g.writeObjectFieldStart("args");
            g.writeNumberField("task", task.number());
            g.writeStringField("kind", task.kind());
            g.writeStringField("executor", task.executor());
            g.writeStringField("taskObject", task.taskObject());
            if (task.forkThread() != null) {
                g.writeStringField("forkedBy", task.forkThread().name());
            }
            StackFrame site = task.forkSite();
            if (site != null) {
                g.writeStringField("forkSite", site.display());
            }
            g.writeStringField("outcome", switch (task.outcome()) {
                case VALUE -> "value";
                case EXCEPTION -> "exception";
                case CANCELLED -> "cancelled";
                case RUNNING -> "running at the end of the recording";
                case NOT_STARTED -> "not started";
                case SCHEDULED -> "scheduled";
            });
            if (task.outcome() == TaskOutcome.VALUE && task.result() != null) {
                g.writeStringField("result", task.result());
            }
            if (task.exception() != null) {
                g.writeStringField("exception", exception(task.exception()));
            }
            if (task.runs() > 1) {
                g.writeNumberField("runs", task.runs());
            }
            g.writeEndObject();
            g.writeEndObject();
            tasks++;
        }

        void writeFork(TaskInfo task, long at) throws IOException {
            slice("fork", "fork " + AsyncLabels.task(task), at, at);
            if (forkFlows.contains(task)) {
                bind(task, false, true);
                flows++;
            }
            g.writeObjectFieldStart("args");
            g.writeNumberField("task", task.number());
            g.writeStringField("executor", task.executor());
            g.writeStringField("taskObject", task.taskObject());
            StackFrame site = task.forkSite();
            if (site != null) {
                g.writeStringField("site", site.display());
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        void writeJoin(TaskJoin join, long start, long end) throws IOException {
            String name = join.kind() + " " + AsyncLabels.taskRef(join.task());
            if (start < end) { // the wait, then its end as the arrow's target: arrows bind where slices start
                slice("join", "wait: " + name, start, end);
                g.writeObjectFieldStart("args");
                g.writeNumberField("task", join.task().number());
                g.writeEndObject();
                g.writeEndObject();
            }
            slice("join", name, end, end);
            if (joinFlow(join)) {
                bind(join.task(), true, false);
                flows++;
            }
            g.writeObjectFieldStart("args");
            g.writeNumberField("task", join.task().number());
            g.writeStringField("kind", join.kind());
            g.writeBooleanField("completed", join.completed());
            if (join.waitNanos() >= 0) {
                g.writeStringField("waited", DurationFormat.format(join.waitNanos()));
            }
            StackFrame site = join.site();
            if (site != null) {
                g.writeStringField("site", site.display());
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        void writeCheckpoint(Checkpoint c, long at) throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "i");
            g.writeStringField("s", "t");
            g.writeStringField("cat", "checkpoint");
            g.writeStringField("name", CallLabels.printable(c.label()));
            g.writeNumberField("pid", PID);
            g.writeNumberField("tid", tid);
            g.writeFieldName("ts");
            g.writeNumber(micros(at, origin));
            g.writeObjectFieldStart("args");
            g.writeStringField("kind", switch (c.kind()) {
                case POINT -> "checkpoint";
                case BEFORE_AWAIT -> c.isUnresumed() ? "beforeAwait, never resumed" : "beforeAwait";
                case AFTER_AWAIT -> "afterAwait";
            });
            if (c.task() != null) {
                g.writeNumberField("task", c.task().number());
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        /** Starts a complete slice's object, up to its {@code args}. */
        void slice(String category, String name, long start, long end) throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "X");
            g.writeStringField("cat", category);
            g.writeStringField("name", name);
            g.writeNumberField("pid", PID);
            g.writeNumberField("tid", tid);
            g.writeFieldName("ts");
            g.writeNumber(micros(start, origin));
            g.writeFieldName("dur");
            g.writeNumber(micros(end - start, 0));
        }

        void bind(TaskInfo task, boolean in, boolean out) throws IOException {
            g.writeNumberField("bind_id", task.number());
            if (in) {
                g.writeBooleanField("flow_in", true);
            }
            if (out) {
                g.writeBooleanField("flow_out", true);
            }
        }

        void metadata(String name, int tid, String field, Object value) throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "M");
            g.writeStringField("name", name);
            g.writeNumberField("pid", PID);
            g.writeNumberField("tid", tid);
            g.writeObjectFieldStart("args");
            if (value instanceof Integer i) {
                g.writeNumberField(field, i);
            } else {
                g.writeStringField(field, (String) value);
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        /** Microseconds since {@code since} with nanosecond digits, as JSON number text: {@code 1234.567}. */
        String micros(long nanos, long since) {
            long n = Math.max(0, nanos - since);
            long frac = n % 1000;
            return (n / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
        }
    }

    private static String exception(ExceptionInfo e) {
        return e.type() + (e.message() == null ? "" : ": " + e.message());
    }

    /** Items of one slice being written, within its span; the cursor is where the next item may start. */
    private static final class Level {
        final List<Object> items;
        final long start;
        final long end;
        final int callLevel;
        final TaskInfo task;
        long cursor;
        int next;

        Level(List<Object> items, long start, long end, int callLevel, TaskInfo task) {
            this.items = items;
            this.start = start;
            this.end = end;
            this.callLevel = callLevel;
            this.task = task;
            this.cursor = start;
        }

        /** A start within this slice and after the previous item; an unknown start is the earliest possible. */
        long clampStart(long nanos) {
            long earliest = Math.max(cursor, start);
            return Math.min(Math.max(nanos < 0 ? earliest : nanos, earliest), end);
        }

        long clampEnd(long start, long nanos) {
            return Math.min(Math.max(nanos, start), end);
        }
    }
}
