package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.diff.DiffModel;
import io.flowtrace.analyzer.diff.DiffOptions;
import io.flowtrace.analyzer.diff.JsonDiffRenderer;
import io.flowtrace.analyzer.diff.TextDiffRenderer;
import io.flowtrace.analyzer.diff.TraceDiffer;
import io.flowtrace.analyzer.methods.MethodTable;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.JsonRenderer;
import io.flowtrace.analyzer.render.MethodTableRenderer;
import io.flowtrace.analyzer.render.TextTreeRenderer;
import io.flowtrace.analyzer.render.TreeOptions;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * {@code flowtrace tree --timing} reads identical calls into one shared node and each call's times from a column
 * on disk ({@link TraceReader#readTimed}); on every committed recording its trees, with their durations, are those
 * of the full tree: the default view, {@code --full}, unfolded, and JSON, and its {@code methods --timing} table; so are the diffs of golden pairs with
 * {@code --timing}.
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
                assertEquals(methods(full), methods(timed), example.name() + ".jfr, methods --timing");
                assertEquals(full.callCount(), timed.callCount(), example.name() + ".jfr: calls counted");
            }));
        }
        return tests;
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

    private static String diff(DiffOptions options, TraceData a, TraceData b) throws Exception {
        StringWriter out = new StringWriter();
        DiffModel model = new TraceDiffer(options).diff(a, b);
        new TextDiffRenderer(options.filter(), false, Long.MAX_VALUE).render(model, "a.jfr", "b.jfr", out);
        new JsonDiffRenderer(options.filter(), true).render(model, "a.jfr", "b.jfr", out);
        return out.toString();
    }

    private static String text(TraceData trace, TreeOptions options) throws Exception {
        StringWriter out = new StringWriter();
        new TextTreeRenderer(options).render(trace, out);
        return out.toString();
    }

    private static String methods(TraceData trace) throws Exception {
        StringWriter out = new StringWriter();
        new MethodTableRenderer(Integer.MAX_VALUE).render(
                MethodTable.of(trace, CallFilter.NONE, MethodTable.Sort.SELF, true), out);
        return out.toString();
    }

    private static String json(TraceData trace) throws Exception {
        StringWriter out = new StringWriter();
        new JsonRenderer(CallFilter.NONE, true, true).render(trace, out);
        return out.toString();
    }
}
