package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.recorder.testing.Jdks;

/**
 * Records every example afresh with {@code flowtrace record}, on JDK 17 and on the newest JDK of the machine, and
 * compares its trees with the golden files of the committed recordings.
 */
class RecordEndToEndIT {
    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicNode> onJdk17() {
        return examples(Jdks.requireFeature(17));
    }

    @TestFactory
    Stream<DynamicNode> onNewestJdk() {
        return examples(Jdks.requireNewest(21));
    }

    private Stream<DynamicNode> examples(Jdks.Jdk jdk) {
        return Example.all().stream().map(example -> DynamicContainer.dynamicContainer(example.name() + " on "
                + jdk, Stream.of(DynamicTest.dynamicTest("record and compare", () -> check(jdk, example)))));
    }

    private void check(Jdks.Jdk jdk, Example example) throws Exception {
        Path recording = temp.resolve(example.name() + "-" + jdk.feature() + ".jfr");
        List<String> record = new ArrayList<>(List.of("record", "-q", "-o", recording.toString(), "--",
                jdk.java().toString(), "-cp", Example.HOME.resolve("target/classes").toString(),
                example.mainClass()));
        Golden.Output recorded = Golden.cli(record);
        assertEquals(example.exitCode(), recorded.code(), "exit code of the recorded " + example.name()
                + "; stderr: " + recorded.err());
        assertEquals("", recorded.err(), "record printed warnings");
        for (var view : example.views().entrySet()) {
            Golden.Output tree = Golden.view(recording, view.getValue());
            assertEquals(Golden.expectedCode(view.getValue(), tree.out()), tree.code(), tree.err());
            Golden.assertMatches(example.golden(view.getKey()), tree.out(), Golden.RUN_SPECIFIC,
                    example.name() + " recorded on " + jdk);
        }
    }
}
