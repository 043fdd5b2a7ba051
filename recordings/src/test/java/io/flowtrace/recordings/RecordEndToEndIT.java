package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.recorder.testing.Jdks;

/**
 * Records every example afresh with {@code flowtrace record}, on JDK 17 and on the newest JDK of the machine, and
 * compares its trees with the golden files of the committed recordings. Examples that need JDK 21 run on the newest
 * JDK only, compiled by this test; examples of a preview API on the newest JDK when it is at least theirs.
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

    /** Examples of a preview API need that JDK (on CI=true its absence fails). */
    @TestFactory
    Stream<DynamicNode> previewExamplesOnTheirJdk() {
        List<Example> preview = Example.all().stream().filter(Example::preview).toList();
        int feature = preview.stream().mapToInt(Example::minimumJdk).max().orElse(0);
        return feature == 0 ? Stream.empty() : examples(Jdks.requireNewest(feature), preview);
    }

    private Stream<DynamicNode> examples(Jdks.Jdk jdk) {
        return examples(jdk, Example.all().stream().filter(example -> !example.preview()).toList());
    }

    private Stream<DynamicNode> examples(Jdks.Jdk jdk, List<Example> examples) {
        return examples.stream().filter(example -> jdk.feature() >= example.minimumJdk())
                .map(example -> DynamicContainer.dynamicContainer(example.name() + " on " + jdk,
                        Stream.of(DynamicTest.dynamicTest("record and compare", () -> check(jdk, example)))));
    }

    private void check(Jdks.Jdk jdk, Example example) throws Exception {
        Path recording = temp.resolve(example.name() + "-" + jdk.feature() + ".jfr");
        String classPath = example.classPath();
        if (example.minimumJdk() > 17) {
            classPath = compile(jdk, example) + File.pathSeparator + classPath;
        }
        List<String> record = new ArrayList<>(List.of("record", "-q"));
        record.addAll(example.recordOptions());
        record.addAll(List.of("-o", recording.toString(), "--", jdk.java().toString()));
        if (example.preview()) {
            record.add("--enable-preview");
        }
        record.addAll(List.of("-cp", classPath, example.mainClass()));
        Golden.Output recorded = Golden.cli(record);
        assertEquals(example.exitCode(), recorded.code(), "exit code of the recorded " + example.name()
                + "; stderr: " + recorded.err());
        assertEquals("", recorded.err(), "record printed warnings");
        for (var view : example.views().entrySet()) { // tree or tasks
            Golden.Output tree = Golden.view(recording, view.getValue());
            assertEquals(Golden.expectedCode(view.getValue(), tree.out()), tree.code(), tree.err());
            Golden.assertMatches(example.golden(view.getKey()), tree.out(), Golden.RUN_SPECIFIC,
                    example.name() + " recorded on " + jdk);
        }
    }

    /**
     * Compiles the sources of a newer-JDK example with {@code jdk} into a folder of this test (JDK 21 examples with
     * release 21, preview ones with the JDK's own release and preview features); returns the folder.
     */
    private Path compile(Jdks.Jdk jdk, Example example) throws Exception {
        Path classes = temp.resolve("classes-" + example.sources().getFileName());
        if (Files.isDirectory(classes)) {
            return classes;
        }
        List<String> javac = new ArrayList<>(List.of(jdk.javac().toString(), "--release",
                example.preview() ? String.valueOf(jdk.feature()) : "21", "-d",
                classes.toString(), "-cp", Example.HOME.resolve("target/classes").toString()));
        if (example.preview()) {
            javac.add("--enable-preview");
        }
        try (Stream<Path> sources = Files.walk(example.sources())) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
        }
        Process process = new ProcessBuilder(javac).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "javac timed out");
        assertEquals(0, process.exitValue(), output);
        return classes;
    }
}
