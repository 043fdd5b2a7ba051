package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.recorder.testing.Jdks;

/**
 * Records the programs of {@code diff-runs.tsv} afresh, on JDK 17 and on the newest JDK of the machine, and
 * compares the diffs of {@code diffs.tsv} made from them with the golden diffs of the committed recordings:
 * the same behaviour recorded again diffs the same, whichever worker ran which task.
 */
class RecordDiffEndToEndIT {
    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicNode> onJdk17() {
        return diffs(Jdks.requireFeature(17));
    }

    @TestFactory
    Stream<DynamicNode> onNewestJdk() {
        return diffs(Jdks.requireNewest(21));
    }

    private Stream<DynamicNode> diffs(Jdks.Jdk jdk) {
        return Stream.of(DynamicTest.dynamicTest("record and diff on " + jdk, () -> check(jdk)));
    }

    private void check(Jdks.Jdk jdk) throws Exception {
        Path base = temp.resolve("jdk" + jdk.feature());
        for (DiffCase.Run run : DiffCase.Run.all()) {
            Path recording = base.resolve(run.file());
            Files.createDirectories(recording.getParent());
            List<String> record = new ArrayList<>(List.of("record", "-q", "-o", recording.toString(), "--",
                    jdk.java().toString(), "-cp", Example.HOME.resolve("target/classes").toString(),
                    run.mainClass()));
            record.addAll(run.args());
            Golden.Output recorded = Golden.cli(record);
            assertEquals(run.exitCode(), recorded.code(), "exit code of " + run.file() + "; " + recorded.err());
            assertEquals("", recorded.err(), "record printed warnings");
        }
        for (DiffCase diff : DiffCase.all()) {
            Golden.Output output = Golden.cli(diff.command(base));
            assertEquals(diff.exitCode(), output.code(), diff.name() + ": " + output.out() + output.err());
            String prefix = base + "/";
            Golden.assertMatches(Example.HOME.resolve(diff.golden()), output.out().replace(prefix, ""),
                    Golden.RUN_SPECIFIC, "diff " + diff.name() + " recorded on " + jdk);
        }
    }
}
