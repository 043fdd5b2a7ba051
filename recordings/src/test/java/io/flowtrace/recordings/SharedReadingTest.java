package io.flowtrace.recordings;

import static io.flowtrace.recordings.Rendered.diff;
import static io.flowtrace.recordings.Rendered.json;
import static io.flowtrace.recordings.Rendered.methods;
import static io.flowtrace.recordings.Rendered.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.diff.DiffOptions;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TreeOptions;

/**
 * {@code flowtrace tree}, {@code diff} and {@code methods} without durations read the distinct calls into rows on
 * disk and make nodes from them as a view walks ({@link TraceReader#readShared}); on every committed recording its
 * trees are those of the full tree: the default view, {@code --full}, unfolded, budgeted, JSON, the
 * {@code methods} table, every call's structural hash, and the diffs of the golden pairs.
 */
class SharedReadingTest {
    @TestFactory
    List<DynamicTest> theSharedTreeIsTheFullTree() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            tests.add(DynamicTest.dynamicTest(example.name(), () -> {
                TraceData full = TraceReader.read(example.recording());
                TraceData shared = TraceReader.readShared(example.recording(), null);
                List<TreeOptions> views = List.of(
                        TreeOptions.defaults(),
                        TreeOptions.builder().full().build(),
                        TreeOptions.builder().full().fold(false).build(),
                        TreeOptions.builder().budget(7).build());
                for (TreeOptions options : views) {
                    assertEquals(text(full, options), text(shared, options), example.name() + ".jfr, " + options);
                }
                assertEquals(json(full, false), json(shared, false), example.name() + ".jfr, JSON");
                assertEquals(methods(full, false), methods(shared, false), example.name() + ".jfr, methods");
                assertEquals(full.callCount(), shared.callCount(), example.name() + ".jfr: calls counted");
                sameHashes(example.name(), full, shared);
            }));
        }
        return tests;
    }

    /** Every call's structural hash, computed from a row as the tree was read, is that of the full tree's node. */
    private static void sameHashes(String name, TraceData full, TraceData shared) {
        assertEquals(full.threads().size(), shared.threads().size(), name + ": threads");
        Deque<CallNode[]> pairs = new ArrayDeque<>();
        for (int t = 0; t < full.threads().size(); t++) {
            List<CallNode> a = full.threads().get(t).roots();
            List<CallNode> b = shared.threads().get(t).roots();
            assertEquals(a.size(), b.size(), name + ": roots of thread " + t);
            for (int i = 0; i < a.size(); i++) {
                pairs.push(new CallNode[] {a.get(i), b.get(i)});
            }
        }
        long compared = 0;
        while (!pairs.isEmpty() && compared < 200_000) {
            CallNode[] p = pairs.pop();
            compared++;
            assertEquals(p[0].structuralHash(), p[1].structuralHash(), name + ": hash of " + p[0]);
            assertEquals(p[0].childCount(), p[1].childCount(), name + ": calls of " + p[0]);
            for (int i = 0; i < p[0].childCount(); i++) {
                pairs.push(new CallNode[] {p[0].child(i), p[1].child(i)});
            }
        }
        assertTrue(compared > 0, name + ": no calls compared");
    }

    @TestFactory
    List<DynamicTest> theSharedDiffIsTheDiffOfFullTrees() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(Example.HOME.resolve("diffs.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            Path a = Example.HOME.resolve(f[1]);
            Path b = Example.HOME.resolve(f[2]);
            tests.add(DynamicTest.dynamicTest(f[0], () -> {
                DiffOptions options = DiffOptions.builder().build();
                String full = diff(options, TraceReader.read(a), TraceReader.read(b));
                String shared = diff(options, TraceReader.readShared(a, null), TraceReader.readShared(b, null));
                assertEquals(full, shared, f[0] + ": diff");
            }));
        }
        return tests;
    }
}
