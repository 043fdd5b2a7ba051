package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TaskReport;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * {@code flowtrace tasks} reads only what its report needs ({@link TraceReader#readForTasks}); on every committed
 * recording the report is the one the full tree gives, without a filter, with {@code --strict}, and with an include
 * of each traced class.
 */
class TasksReadingTest {
    @TestFactory
    List<DynamicTest> theReportOfTheCallsKeptIsTheReportOfAllCalls() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            tests.add(DynamicTest.dynamicTest(example.name(), () -> {
                TraceData full = TraceReader.read(example.recording());
                List<CallFilter> filters = new ArrayList<>(List.of(CallFilter.NONE));
                TreeSet<String> classes = new TreeSet<>();
                for (MethodInfo m : full.methods().values()) {
                    classes.add(m.className());
                }
                classes.forEach(c -> filters.add(CallFilter.builder().include(c).build()));
                long kept = 0;
                for (CallFilter filter : filters) {
                    TraceData read = TraceReader.readForTasks(example.recording(), null,
                            filter.includes().isEmpty() ? null : filter::showsCall);
                    for (boolean strict : new boolean[] {false, true}) {
                        assertEquals(report(full, strict, filter), report(read, strict, filter),
                                example.name() + ".jfr, strict " + strict + ", include " + filter.includes());
                    }
                    assertEquals(full.callCount(), read.callCount(), example.name() + ".jfr: calls counted");
                    kept = Math.max(kept, read.threads().stream().mapToLong(CallFilter.NONE::countShown).sum());
                }
                long all = full.threads().stream().mapToLong(CallFilter.NONE::countShown).sum();
                assertTrue(all <= 20 || kept < all, example.name() + ".jfr: kept " + kept + " of " + all + " calls");
            }));
        }
        return tests;
    }

    private static String report(TraceData trace, boolean strict, CallFilter filter) throws Exception {
        StringWriter out = new StringWriter();
        new TaskReport(trace, strict, filter).render(out);
        return out.toString();
    }
}
