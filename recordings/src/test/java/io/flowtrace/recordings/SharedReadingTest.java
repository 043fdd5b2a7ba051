package io.flowtrace.recordings;

import static io.flowtrace.recordings.Rendered.diff;
import static io.flowtrace.recordings.Rendered.json;
import static io.flowtrace.recordings.Rendered.methods;
import static io.flowtrace.recordings.Rendered.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import io.flowtrace.analyzer.model.ThreadTrace;
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

    /**
     * Calls of two readings into rows are the same ({@link CallNode#sameCallAs}, told from the rows) exactly when
     * those of the full tree are (told node by node): on every committed recording, every pair of its first calls;
     * on every golden pair of recordings, every pair of a first call of each.
     */
    @TestFactory
    List<DynamicTest> rowsTellTheSameCallsAsNodes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            tests.add(DynamicTest.dynamicTest(example.name(), () -> {
                // full trees read twice: a call with a fork, join or checkpoint in it is the same only as itself
                List<CallNode[]> calls = firstCalls(List.of(TraceReader.read(example.recording()),
                        TraceReader.read(example.recording()), TraceReader.readShared(example.recording(), null),
                        TraceReader.readShared(example.recording(), null)), 150);
                for (CallNode[] x : calls) {
                    for (CallNode[] y : calls) {
                        String what = example.name() + ": " + x[0] + " and " + y[0];
                        boolean expected = x[0].sameCallAs(y[1]);
                        assertEquals(expected, x[2].sameCallAs(y[3]), what);
                        assertEquals(x[0].sameCallAs(y[0]), x[2].sameCallAs(y[2]), what + " of one reading");
                    }
                }
            }));
        }
        for (String line : diffPairs()) {
            String[] f = line.split("\t");
            Path a = Example.HOME.resolve(f[1]);
            Path b = Example.HOME.resolve(f[2]);
            tests.add(DynamicTest.dynamicTest(f[0], () -> {
                // two recordings: their texts and methods are kept at other places
                List<CallNode[]> callsA = firstCalls(List.of(TraceReader.read(a), TraceReader.readShared(a, null)),
                        150);
                List<CallNode[]> callsB = firstCalls(List.of(TraceReader.read(b), TraceReader.readShared(b, null)),
                        150);
                for (CallNode[] x : callsA) {
                    for (CallNode[] y : callsB) {
                        assertEquals(x[0].sameCallAs(y[0]), x[1].sameCallAs(y[1]),
                                f[0] + ": " + x[0] + " and " + y[0]);
                    }
                }
            }));
        }
        return tests;
    }

    private static List<String> diffPairs() throws IOException {
        return Files.readAllLines(Example.HOME.resolve("diffs.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
    }

    /** The first calls of the threads, at most {@code max}, breadth first: each as a node of each trace. */
    private static List<CallNode[]> firstCalls(List<TraceData> traces, int max) {
        Deque<CallNode[]> next = new ArrayDeque<>();
        List<ThreadTrace> threads = traces.get(0).threads();
        for (int t = 0; t < threads.size(); t++) {
            for (int i = 0; i < threads.get(t).roots().size(); i++) {
                CallNode[] c = new CallNode[traces.size()];
                for (int k = 0; k < c.length; k++) {
                    c[k] = traces.get(k).threads().get(t).roots().get(i);
                }
                next.add(c);
            }
        }
        List<CallNode[]> calls = new ArrayList<>();
        while (!next.isEmpty() && calls.size() < max) {
            CallNode[] c = next.poll();
            calls.add(c);
            for (int i = 0; i < c[0].childCount(); i++) {
                CallNode[] below = new CallNode[c.length];
                for (int k = 0; k < c.length; k++) {
                    below[k] = c[k].child(i);
                }
                next.add(below);
            }
        }
        return calls;
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
