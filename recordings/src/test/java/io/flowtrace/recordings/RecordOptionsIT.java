package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record}'s switches for task recording reach the agent and change what the tree shows. */
class RecordOptionsIT {
    @TempDir
    Path temp;

    private String treeOfWorkers(String... recordOptions) {
        Path recording = temp.resolve("workers-" + System.nanoTime() + ".jfr");
        List<String> args = new ArrayList<>(List.of("record", "-q", "-o", recording.toString()));
        args.addAll(List.of(recordOptions));
        args.addAll(List.of("--", "java", "-cp", Example.HOME.resolve("target/classes").toString(),
                "examples.Workers"));
        Golden.Output recorded = Golden.cli(args);
        assertEquals(0, recorded.code(), recorded.err());
        Golden.Output tree = Golden.tree(recording, List.of());
        assertEquals(0, tree.code(), tree.err());
        return tree.out();
    }

    @Test
    void threadsAreTasksUnlessSwitchedOff() {
        assertTrue(treeOfWorkers().contains("⇢ task #1 thread on worker-1"));
        for (String[] off : new String[][] {{"--no-tasks"}, {"--disable", "threads,executors"}}) {
            String tree = treeOfWorkers(off);
            assertFalse(tree.contains("⇢ task"), tree);
            assertTrue(tree.contains("\nworker-1\n└─ Workers.main.λ0()"), tree);
        }
    }

    @Test
    void unknownGroupIsOneLineAndExitCode2() {
        Golden.Output run = Golden.cli(List.of("record", "--disable", "sockets", "--", "true"));
        assertEquals(2, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("flowtrace record: invalid value for option '--disable'"), run.err());
    }
}
