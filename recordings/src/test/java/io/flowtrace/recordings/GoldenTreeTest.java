package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The committed recordings, shown by {@code flowtrace tree} (or {@code tasks}), match their golden files exactly. */
class GoldenTreeTest {
    @TestFactory
    List<DynamicTest> committedRecordingsMatchTheirGoldenViews() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example example : Example.all()) {
            example.views().forEach((view, options) -> tests.add(DynamicTest.dynamicTest(
                    example.name() + "/" + view, () -> {
                        Golden.Output output = Golden.view(example.recording(), options);
                        assertEquals(Golden.expectedCode(options, output.out()), output.code(), output.err());
                        Golden.assertMatches(example.golden(view), output.out(), UnaryOperator.identity(),
                                "flowtrace " + (options.isEmpty() || !options.get(0).equals("tasks") ? "tree " : "")
                                        + String.join(" ", options) + " " + example.name() + ".jfr");
                    })));
        }
        return tests;
    }
}
