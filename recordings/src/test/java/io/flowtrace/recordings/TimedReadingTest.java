package io.flowtrace.recordings;

import static io.flowtrace.recordings.Rendered.diff;
import static io.flowtrace.recordings.Rendered.json;
import static io.flowtrace.recordings.Rendered.methods;
import static io.flowtrace.recordings.Rendered.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.diff.DiffOptions;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.ChromeTraceRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * {@code flowtrace tree --timing} reads identical calls into one shared node and each call's times from a column
 * on disk ({@link TraceReader#readTimed}); on every committed recording its trees, with their durations, are those
 * of the full tree: the default view, {@code --full}, unfolded, and JSON, and its {@code methods --timing} table;
 * so are the diffs of golden pairs with {@code --timing}.
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
                assertEquals(json(full, true), json(timed, true), example.name() + ".jfr, JSON");
                assertEquals(methods(full, true), methods(timed, true), example.name() + ".jfr, methods --timing");
                assertEquals(export(full), export(timed), example.name() + ".jfr, export");
                assertEquals(full.callCount(), timed.callCount(), example.name() + ".jfr: calls counted");
            }));
        }
        return tests;
    }

    /** The Chrome trace {@code flowtrace export} writes of the trace, all its calls. */
    private static String export(TraceData trace) throws IOException {
        StringWriter out = new StringWriter();
        new ChromeTraceRenderer(CallFilter.builder().build(), Long.MAX_VALUE).render(trace, "test", out);
        return out.toString();
    }

    @TestFactory
    List<DynamicTest> theTimedDiffIsTheDiffOfFullTrees() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(Example.HOME.resolve("diffs.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            Path a = Example.HOME.resolve(f[1]);
            Path b = Example.HOME.resolve(f[2]);
            tests.add(DynamicTest.dynamicTest(f[0], () -> {
                for (long threshold : new long[] {0, 1_000_000}) {
                    DiffOptions options = DiffOptions.builder().timingThreshold(threshold).build();
                    String full = diff(options, TraceReader.read(a), TraceReader.read(b));
                    String timed = diff(options, TraceReader.readTimed(a, null), TraceReader.readTimed(b, null));
                    assertEquals(full, timed, f[0] + ": diff --timing " + threshold + "ns");
                }
            }));
        }
        return tests;
    }
}
