package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Work handed to executors, CompletableFuture, threads, fork/join pools, schedulers and virtual threads sees the
 * same stacks of itself traced as untraced (Throwable, StackWalker, the current thread, a printed exception), and
 * so does a thread looking at a pool worker: the program prints the same bytes.
 */
class HandOffStacksIT {
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void stacksOfHandedOffWorkAreTheProgramsOwn(String which) throws Exception {
        Jdk jdk = which.equals("17") ? Jdks.requireFeature(17) : Jdks.requireNewest(21);
        Path classes = Programs.classes(jdk, "stacks");
        Run untraced = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.HandOffStacks");
        assertEquals(0, untraced.exitCode(), untraced::toString);
        assertTrue(untraced.out().contains("== forkjoin\n") && untraced.out().contains("== all threads\n"),
                untraced::out);

        Run traced = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.HandOffStacks");
        assertEquals(0, traced.exitCode(), traced::toString);
        assertEquals(untraced.out(), traced.out());
        assertEquals("", traced.err());
        // the hand-offs were recorded as tasks that ran: the stacks were seen from inside FlowTrace's hooks
        TaskLog log = TaskLog.read(traced.recording(),
                Programs.SOURCES.resolve("stacks/demo/HandOffStacks.java"));
        Set<String> ran = log.tasks.values().stream().filter(task -> task.fork != null && task.end != null)
                .map(TaskLog.Task::kind).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(Set.of("execute", "submit", "runAsync", "supplyAsync", "thread",
                "invoke", "fork", "schedule"));
        if (jdk.feature() >= 21) {
            expected.add("virtualThread");
        }
        assertTrue(ran.containsAll(expected), () -> "tasks that ran: " + ran + "\n" + log.tasks.values());
    }
}
