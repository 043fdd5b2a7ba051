package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * {@code flowtrace tree --timing} reads identical calls into one shared node and each call's times from a column
 * on disk ({@link TraceReader#readTimed}); on every committed recording its trees, with their durations, are those
 * of the full tree: the default view, {@code --full}, unfolded, and JSON.
 */
class TimedReadingTest {
    @TestFactory
    List<DynamicTest> theTimedTreeIsTheFullTree() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            tests.add(DynamicTest.dynamicTest(example.name(), () -> {
                TraceData full = TraceReader.read(example.recording());
                TraceData timed = TraceReader.readTimed(example.recording(), null);
                List<TreeOptions> views = List.of(
                        TreeOptions.builder().timing(true).build(),
                        TreeOptions.builder().timing(true).full().build(),
                        TreeOptions.builder().timing(true).full().fold(false).build(),
                        TreeOptions.builder().timing(true).budget(7).build());
                for (TreeOptions options : views) {
                    assertEquals(text(full, options), text(timed, options), example.name() + ".jfr, " + options);
                }
                assertEquals(json(full), json(timed), example.name() + ".jfr, JSON");
                assertEquals(full.callCount(), timed.callCount(), example.name() + ".jfr: calls counted");
            }));
        }
        return tests;
    }

    private static String text(TraceData trace, TreeOptions options) throws Exception {
        StringWriter out = new StringWriter();
        new TextTreeRenderer(options).render(trace, out);
        return out.toString();
    }

    private static String json(TraceData trace) throws Exception {
        StringWriter out = new StringWriter();
        new JsonRenderer(CallFilter.NONE, true, true).render(trace, out);
        return out.toString();
    }
}
