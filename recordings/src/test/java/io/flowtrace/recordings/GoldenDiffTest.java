package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed recordings, compared by {@code flowtrace diff}, match their golden diffs exactly and exit as
 * {@code diffs.tsv} says; every committed recording compared with itself has no differences.
 */
class GoldenDiffTest {
    @TestFactory
    List<DynamicTest> committedPairsMatchTheirGoldenDiffs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DiffCase diff : DiffCase.all()) {
            tests.add(DynamicTest.dynamicTest(diff.name(), () -> {
                // relative paths, as regenerate.sh runs it: they appear in the header
                Golden.Output output = Golden.cli(diff.command(Path.of("")));
                assertEquals(diff.exitCode(), output.code(), "exit code of diff " + diff.name() + "; stderr: "
                        + output.err());
                assertEquals("", output.err());
                Golden.assertMatches(Example.HOME.resolve(diff.golden()), output.out(), UnaryOperator.identity(),
                        "flowtrace " + String.join(" ", diff.command(Path.of(""))));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyRecordingHasNoDifferenceWithItself() {
        List<Path> recordings = new ArrayList<>();
        Example.all().forEach(e -> recordings.add(e.recording()));
        DiffCase.Run.all().forEach(r -> recordings.add(Example.HOME.resolve(r.file())));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path recording : recordings) {
            tests.add(DynamicTest.dynamicTest(Example.HOME.relativize(recording).toString(), () -> {
                Golden.Output output = Golden.cli(List.of("diff", recording.toString(), recording.toString()));
                assertEquals(0, output.code(), output.out() + output.err());
                assertEquals("no differences\n", output.out());
                assertEquals("", output.err());
            }));
        }
        return tests;
    }
}
