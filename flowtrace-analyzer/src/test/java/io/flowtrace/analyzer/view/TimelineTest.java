package io.flowtrace.analyzer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;

/** Where task runs go on a thread's track. */
class TimelineTest {
    private static final MethodInfo CHAIN = new MethodInfo(1, "demo.Stages", "chain", "(I)I", List.of("x"), 8);

    private static CallNode call(TaskInfo task, long start, long end) {
        CallNode c = new CallNode(CHAIN, List.of("1"), null, start, false);
        c.finish(Outcome.RETURNED, end, "2", null);
        c.task(task);
        task.addCall(c);
        return c;
    }

    private static TaskInfo task(int number, ThreadTrace thread, int position, long start, long end) {
        TaskInfo t = new TaskInfo(number);
        t.number(number);
        t.started(thread, null, position, start);
        t.ended(TaskOutcome.VALUE, end, "2", null);
        return t;
    }

    /** An outline of items: calls by their task, task runs with their items in brackets. */
    private static String outline(List<Object> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : items) {
            if (o instanceof Timeline.TaskRun run) {
                sb.append(" #").append(run.task().number()).append('[').append(outline(run.items()).trim())
                        .append(']');
            } else if (o instanceof CallNode c) {
                sb.append(" chain");
            }
        }
        return sb.toString();
    }

    @Test
    void aStageRunOnCompletionWithoutCallsGoesInsideItsSourceEvenWhereCoarseCallTimesDoNotTell() {
        List<CallNode> roots = new ArrayList<>();
        ThreadTrace pool = new ThreadTrace("pool-1-thread-1", 21, false, roots);
        // the agent's coarse clock gives both calls the same tick, 100; task events have exact times
        TaskInfo source = task(1, pool, 0, 90, 160);
        roots.add(call(source, 100, 100));
        TaskInfo stage = task(2, pool, 1, 150, 155); // exceptionally, run as its source completed: no traced call
        TaskInfo next = task(3, pool, 1, 170, 190);
        roots.add(call(next, 100, 100));
        TraceData trace = new TraceData(List.of(pool), Map.of(1, CHAIN), List.of(), false, true, 2, null,
                List.of(source, stage, next), List.of(), List.of());
        Timeline timeline = new Timeline(trace, CallFilter.NONE, 100);
        assertEquals(" #1[chain #2[]] #3[chain]", outline(timeline.items(pool)));
    }
}
