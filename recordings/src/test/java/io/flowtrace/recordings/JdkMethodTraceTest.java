package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TraceData;

/**
 * Recordings of the JDK's own method tracing (JEP 520, made on JDK 25 without the agent, listed in
 * {@code jdktrace.tsv}) read by {@code tree}, {@code tasks}, {@code diff} and {@code export} like FlowTrace's:
 * calls nested per thread, no values, and a note that says so once; a recording with both kinds of calls shows
 * FlowTrace's, with their values.
 */
class JdkMethodTraceTest {
    private static final String NOTE = "warning: values not recorded by JDK method tracing";

    record Recording(String name, boolean withAgent) {
        Path file() {
            return Example.HOME.resolve("jdktrace").resolve(name + ".jfr");
        }

        Path golden() {
            return Example.HOME.resolve("jdktrace").resolve(name + "-tree.txt");
        }

        static List<Recording> all() {
            List<Recording> all = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(Example.HOME.resolve("jdktrace.tsv"))) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        String[] columns = line.split("\t");
                        all.add(new Recording(columns[0], columns.length > 3 && columns[3].equals("with-agent")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return all;
        }
    }

    @TestFactory
    List<DynamicTest> treeTasksDiffAndExportReadThem() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Recording r : Recording.all()) {
            String path = r.file().toString();
            tests.add(DynamicTest.dynamicTest(r.name() + " tree", () -> {
                Golden.Output tree = Golden.tree(r.file(), List.of());
                assertEquals(0, tree.code(), tree.err());
                Golden.assertMatches(r.golden(), tree.out(), UnaryOperator.identity(),
                        "flowtrace tree jdktrace/" + r.name() + ".jfr");
                assertEquals(r.withAgent() ? 0 : 1, count(tree.err(), NOTE), tree.err());
                assertEquals(!r.withAgent(), tree.out().contains("(?)"), tree.out());
            }));
            tests.add(DynamicTest.dynamicTest(r.name() + " tasks and diff", () -> {
                Golden.Output tasks = Golden.cli(List.of("tasks", path));
                assertEquals(0, tasks.code(), tasks.out() + tasks.err());
                assertTrue(tasks.out().startsWith("No problems"), tasks.out());
                Golden.Output diff = Golden.cli(List.of("diff", path, path));
                assertEquals(0, diff.code(), diff.out() + diff.err());
                assertEquals("no differences\n", diff.out());
                assertEquals(r.withAgent() ? 0 : 1, count(diff.err(), NOTE), diff.err());
            }));
            tests.add(DynamicTest.dynamicTest(r.name() + " export", () -> {
                Golden.Output export = Golden.cli(List.of("export", "-o", "-", path));
                assertEquals(0, export.code(), export.err());
                List<JsonNode> events = ExportStructureTest.events(export.out(), r.name());
                ExportStructureTest.assertWellFormed(events, r.name());
                TraceData trace = TraceReader.read(r.file());
                assertTrue(trace.callCount() > 0);
                assertEquals(trace.callCount(), ExportStructureTest.slices(events, "call").size());
                assertEquals(r.withAgent() ? 0 : 1, count(export.err(), NOTE), export.err());
                if (!r.withAgent()) {
                    assertFalse(export.err().contains("coarse"), "the JDK's times are exact: " + export.err());
                }
            }));
        }
        return tests;
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }
}
