package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.recorder.it.TaskLog.Task;
import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks handed to executors, fork/join pools, CompletableFutures and threads are recorded as fork → start → end
 * → join, linked by task id, with the program's fork site, on JDK 17 and the newest JDK; the program behaves the
 * same. Programs under src/it-programs/async mark their fork sites with {@code // fork:NAME}.
 */
class AsyncTasksIT {
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void executors(String which) throws Exception {
        TaskLog log = run(which, "ExecutorTasks");

        Task submit = log.oneForkedAt("fork:submit");
        assertEquals("submit", submit.kind());
        assertTrue(submit.fork.getString("executor").startsWith("ThreadPoolExecutor@"), submit.fork::toString);
        assertTrue(submit.fork.getString("taskObject").startsWith("FutureTask@"), submit.fork::toString);
        assertRan(submit, "value", "50");
        log.assertInside("ExecutorTasks.submitAndGet", submit.fork);
        assertEquals(1, submit.joins.size(), submit::toString);
        RecordedEvent get = submit.joins.get(0);
        assertEquals("get", get.getString("kind"));
        assertTrue(get.getBoolean("completed"));
        assertEquals(log.line("join:get"), TaskLog.firstUserLine(get));
        log.assertInside("ExecutorTasks.submitAndGet", get);

        Task execute = log.oneForkedAt("fork:execute");
        assertEquals("execute", execute.kind());
        assertTrue(execute.fork.getString("taskObject").startsWith("ExecutorTasks$$Lambda@"), execute::toString);
        assertRan(execute, "value", null);

        // the same Runnable instance submitted twice: two tasks
        Task first = log.oneForkedAt("fork:submit-twice");
        int second = log.line("fork:submit-twice") + 1;
        List<Task> again = log.tasks.values().stream()
                .filter(t -> t.fork != null && TaskLog.firstUserLine(t.fork) == second).toList();
        assertEquals(1, again.size(), log::toString);
        assertNotEquals(first.id, again.get(0).id);
        assertRan(first, "value", null);
        assertRan(again.get(0), "value", null);

        // a user's executor that delegates: one fork, named after the executor the program called
        Task delegated = log.tasks.values().stream().filter(t -> t.fork != null
                && TaskLog.userFrames(t.fork).contains(":" + log.line("fork:delegating"))).findFirst().orElseThrow();
        assertEquals(1, log.tasks.values().stream().filter(t -> t.fork != null
                && TaskLog.userFrames(t.fork).contains(":" + log.line("fork:delegating"))).count(), log::toString);
        assertEquals("execute", delegated.kind());
        assertTrue(delegated.fork.getString("executor").startsWith("ExecutorTasks$Delegating@"),
                delegated.fork::toString);
        assertRan(delegated, "value", null);

        // a task that submits a task: the inner one's parent is the outer one
        List<Task> nested = log.forkedAt("fork:nested");
        assertEquals(2, nested.size(), log::toString);
        Task outer = nested.stream().filter(t -> t.parent() == 0).findFirst().orElseThrow();
        Task inner = nested.stream().filter(t -> t.parent() != 0).findFirst().orElseThrow();
        assertEquals(outer.id, inner.parent());
        assertEquals(CallLog.threadKey(outer.start), CallLog.threadKey(inner.fork), "forked where outer runs");
        assertRan(inner, "value", "40");
        assertRan(outer, "value", "40");

        List<Task> all = log.forkedAt("fork:invokeAll");
        assertEquals(2, all.size(), log::toString);
        assertTrue(all.stream().allMatch(t -> t.kind().equals("invokeAll")), all::toString);
        assertEquals(Set.of("10", "20"), all.stream().map(t -> t.end.getString("result")).collect(Collectors.toSet()));

        Task scheduled = log.oneForkedAt("fork:schedule");
        assertEquals("schedule", scheduled.kind());
        assertRan(scheduled, "value", "40");

        Task failing = log.oneForkedAt("fork:failing");
        assertRan(failing, "exception", null);
        assertEquals("java.lang.NumberFormatException", failing.end.getString("exception"));

        Task cancelled = log.oneForkedAt("fork:cancelled");
        assertNull(cancelled.start, cancelled::toString);
        assertEquals("cancelled", cancelled.outcome());
        assertEquals("main", cancelled.end.getThread().getJavaName(), "ended where it was cancelled");
        // cancelled by its own code once its work was done (Reactor's workers): it ran to its value
        assertRan(log.oneForkedAt("fork:cancels-itself"), "value", "60");
        for (String never : List.of("fork:removed", "fork:dropped")) {
            Task task = log.oneForkedAt(never);
            assertNull(task.start, task::toString);
            assertNull(task.end, task::toString);
        }

        // stack traces only where work is handed off or awaited
        assertTrue(log.calls.named(CallBatchEvent.NAME).stream().allMatch(e -> e.getStackTrace() == null));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void forkJoin(String which) throws Exception {
        TaskLog log = run(which, "ForkJoinTasks");

        assertForkedJoinedAndRan(log, "ForkJoinTasks.sumWithPool");

        // the stream's root task runs on main and forks its subtasks there: one invoke among the forks at that line
        List<Task> invoked = log.forkedAt("fork:stream").stream().filter(t -> t.kind().equals("invoke")).toList();
        assertEquals(1, invoked.size(), log::toString);
        Task stream = invoked.get(0);
        assertRan(stream, "value", null);
        assertTrue(log.tasks.values().stream().anyMatch(t -> t.fork != null && t.parent() == stream.id),
                "the stream's task forks subtasks\n" + log);
    }

    /** A pool made before the first ForkJoinTask class is loaded, as a program's static pool can be. */
    @ParameterizedTest(name = "JDK {0}, {1}")
    @CsvSource({"17, pool-first", "17, task-first", "newest, pool-first", "newest, task-first"})
    void forkJoinWhicheverIsLoadedFirst(String which, String order) throws Exception {
        TaskLog log = run(which, "ForkJoinOrder", order);

        assertForkedJoinedAndRan(log, "ForkJoinOrder$Halves.sumWithPool");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void completableFutures(String which) throws Exception {
        TaskLog log = run(which, "FutureStages");

        Task supply = log.oneForkedAt("fork:supplyAsync");
        assertEquals("supplyAsync", supply.kind());
        assertTrue(supply.fork.getString("executor").startsWith("ThreadPoolExecutor@"), supply.fork::toString);
        assertRan(supply, "value", "15");
        Task discount = log.oneForkedAt("fork:thenApplyAsync");
        assertEquals("thenApplyAsync", discount.kind());
        assertEquals("main", discount.fork.getThread().getJavaName(), "forked at the program's call");
        assertEquals(supply.fork.getString("executor"), discount.fork.getString("executor"),
                "a stage attached before its source completed runs on the executor it was given");
        assertRan(discount, "value", "14");
        Task common = log.oneForkedAt("fork:commonPool");
        assertEquals("supplyAsync", common.kind());
        // the common pool, or with fewer than 3 CPUs the thread per task that CompletableFuture uses instead
        assertTrue(common.fork.getString("executor").matches("(ForkJoinPool|CompletableFuture\\$ThreadPerTaskExecutor)@.*"),
                common.fork::toString);
        assertRan(common, "value", "12");
        assertTrue(discount.joins.stream().anyMatch(j -> j.getString("kind").equals("join")
                && TaskLog.firstUserLine(j) == log.line("join:join")), discount::toString);
        log.assertInside("FutureStages.checkout", supply.fork);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void dependentStagesCombinedFuturesAndPeriodicRuns(String which) throws Exception {
        TaskLog log = run(which, "DependentStages");

        // attached before its source completed: forked at the call, run on the thread that completed the source
        Task source = log.oneForkedAt("fork:source");
        Task deferred = log.oneForkedAt("fork:deferred");
        assertEquals("thenApply", deferred.kind());
        assertEquals("main", deferred.fork.getThread().getJavaName());
        assertNull(deferred.fork.getString("executor"), "no executor: it runs where its source completes");
        assertEquals(source.id, deferred.source());
        assertRan(deferred, "value", "14");
        assertEquals(CallLog.threadKey(source.start), CallLog.threadKey(deferred.start),
                "ran on the thread that completed its source");
        assertTrue(deferred.joins.stream().anyMatch(j -> TaskLog.firstUserLine(j) == log.line("join:deferred")),
                deferred::toString);
        log.assertInside("DependentStages.deferred", deferred.fork);
        assertEquals(List.of("DependentStages.discount"), callsOf(log, deferred));

        // attached to a complete source: runs right here, in the call
        Task inline = log.oneForkedAt("fork:inline");
        assertEquals("thenApply", inline.kind());
        assertEquals(0, inline.source(), "a completed future is no task");
        assertEquals("main", inline.start.getThread().getJavaName());
        assertRan(inline, "value", "11");
        assertTrue(inline.fork.getLong("seq") < inline.start.getLong("seq"));
        assertEquals(List.of("DependentStages.discount"), callsOf(log, inline));

        Task combine = log.oneForkedAt("fork:combine");
        assertEquals("thenCombine", combine.kind());
        assertEquals(Set.of(log.oneForkedAt("fork:kiwi").id, log.oneForkedAt("fork:fig").id),
                Set.of(combine.source(), combine.fork.getLong("otherSource")));
        assertRan(combine, "value", "21");

        // a failed source: thenApply does not run its function and takes the exception over; exceptionally recovers
        Task failing = log.oneForkedAt("fork:failing");
        assertRan(failing, "exception", null);
        Task skipped = log.oneForkedAt("fork:skipped");
        assertEquals(failing.id, skipped.source());
        assertRan(skipped, "exception", null);
        assertEquals("java.lang.IllegalStateException", skipped.end.getString("exception"));
        assertEquals(List.of(), callsOf(log, skipped));
        Task recovered = log.oneForkedAt("fork:recovered");
        assertEquals(skipped.id, recovered.source());
        assertRan(recovered, "value", "-1");

        // allOf: a join of each part; anyOf: of the one that completed it
        for (String part : List.of("fork:pear", "fork:lime")) {
            Task task = log.oneForkedAt(part);
            assertTrue(task.joins.stream().anyMatch(j -> j.getString("kind").equals("allOf.join")
                    && j.getBoolean("completed") && TaskLog.firstUserLine(j) == log.line("join:allOf")),
                    task::toString);
        }
        Task fast = log.oneForkedAt("fork:fast");
        assertEquals(List.of("anyOf.join"), fast.joins.stream().map(j -> j.getString("kind")).toList());
        assertEquals(log.line("join:anyOf"), TaskLog.firstUserLine(fast.joins.get(0)));
        Task slow = log.oneForkedAt("fork:slow");
        assertEquals(List.of("join"), slow.joins.stream().map(j -> j.getString("kind")).toList(),
                "the slow part was not what anyOf waited for");

        // a periodic task: a start and end per run, the last end is its cancellation
        Task periodic = log.oneForkedAt("fork:periodic");
        assertEquals("scheduleAtFixedRate", periodic.kind());
        assertTrue(periodic.starts.size() >= 3, periodic::toString);
        List<String> outcomes = periodic.ends.stream()
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .map(e -> e.getString("outcome")).toList();
        assertEquals("cancelled", outcomes.get(outcomes.size() - 1), outcomes::toString);
        assertTrue(outcomes.subList(0, outcomes.size() - 1).stream().allMatch("run"::equals), outcomes::toString);
        // cancelled during a run (that run's end) or between runs (an end of its own, on main)
        int runs = periodic.starts.size();
        assertTrue(outcomes.size() == runs || outcomes.size() == runs + 1, outcomes + " after " + runs + " runs");
    }

    /** The traced methods a task called directly: the enters on its thread between its start and end. */
    private static List<String> callsOf(TaskLog log, Task task) {
        String thread = CallLog.threadKey(task.start);
        long from = task.start.getLong("seq");
        long to = task.end.getLong("seq");
        return log.calls.threads.getOrDefault(thread, List.of()).stream()
                .filter(CallLog.Call::isEnter)
                .filter(call -> call.seq() > from && call.seq() < to)
                .map(call -> log.calls.method(call.method())).toList();
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void threadsAndCheckpoints(String which) throws Exception {
        TaskLog log = run(which, "ThreadTasks");

        Task loader = log.oneForkedAt("fork:thread");
        assertEquals("thread", loader.kind());
        assertEquals("Thread#" + loader.start.getThread().getJavaThreadId() + " \"loader\"",
                loader.fork.getString("taskObject"));
        assertRan(loader, "value", null);
        assertEquals("loader", loader.start.getThread().getJavaName());
        assertEquals(List.of("threadJoin"), loader.joins.stream().map(j -> j.getString("kind")).toList());
        assertEquals(log.line("join:threadJoin"), TaskLog.firstUserLine(loader.joins.get(0)));
        log.assertInside("ThreadTasks.startAndJoin", loader.fork);

        Task parent = log.oneForkedAt("fork:parent");
        Task child = log.oneForkedAt("fork:child");
        assertEquals(parent.id, child.parent());
        assertEquals("parent", child.fork.getThread().getJavaName());
        assertRan(child, "value", null);

        // Thread subclasses that override run: started and ended on their own thread, once
        Task exporter = log.oneForkedAt("fork:subclass");
        assertRan(exporter, "value", null);
        assertEquals("exporter", exporter.start.getThread().getJavaName());
        assertEquals(1, exporter.starts.size(), exporter::toString);
        Task auditor = log.oneForkedAt("fork:superRun");
        assertRan(auditor, "value", null);
        assertEquals(1, auditor.starts.size(), auditor::toString);
        assertEquals(1, auditor.ends.size(), auditor::toString);

        List<String> checkpoints = log.checkpoints.stream()
                .map(c -> c.getString("kind") + " " + c.getString("label") + " in task "
                        + (c.getLong("task") == 0 ? "-" : c.getLong("task") == loader.id ? "loader"
                        : c.getLong("task") == child.id ? "child" : c.getLong("task") == exporter.id ? "exporter"
                        : c.getLong("task") == auditor.id ? "auditor" : "?"))
                .toList();
        assertEquals(Set.of("beforeAwait threads in task -", "point loading sales in task loader",
                "point loading child in task child", "point loading export in task exporter",
                "point loading audit in task auditor", "afterAwait threads in task -"), Set.copyOf(checkpoints));
        assertEquals(6, checkpoints.size());
    }

    @Test
    void virtualThreadsAndStructuredScopes() throws Exception {
        Jdk jdk = Jdks.requireNewest(25);
        Path classes = Programs.classes(jdk, "async25", List.of("--release", String.valueOf(jdk.feature()),
                "--enable-preview"));
        Run plain = TracedJvm.run(jdk, null, "--enable-preview", "-cp", classes.toString(), "demo.VirtualTasks");
        Run traced = TracedJvm.run(jdk, "", "--enable-preview", "-cp", classes.toString(), "demo.VirtualTasks");
        assertSameBehaviour(plain, traced);
        TaskLog log = TaskLog.read(traced.recording(), Programs.SOURCES.resolve("async25/demo/VirtualTasks.java"));
        log.calls.assertSequencesComplete();
        // a sleeping virtual thread's wake-up timer (JDK 25: ForkJoinPool.schedule, starting its DelayScheduler)
        // is the JDK's, not a task of the program
        assertEquals(Set.of("submit", "virtualThread", "structuredFork"), log.tasks.values().stream()
                .filter(t -> t.fork != null).map(Task::kind).collect(Collectors.toSet()), log::toString);

        List<Task> submitted = log.forkedAt("fork:virtualSubmit");
        assertEquals(3, submitted.size(), log::toString);
        for (Task task : submitted) {
            assertEquals("submit", task.kind());
            assertTrue(task.fork.getString("executor").startsWith("ThreadPerTaskExecutor@"), task::toString);
            assertTrue(log.isVirtual(task.start), task::toString);
            assertEquals(List.of("get"), task.joins.stream().map(j -> j.getString("kind")).toList());
        }
        assertEquals(Set.of("1", "4", "9"),
                submitted.stream().map(t -> t.end.getString("result")).collect(Collectors.toSet()));

        long naps = log.tasks.values().stream().filter(t -> t.fork != null
                && TaskLog.userFrames(t.fork).contains("VirtualTasks.many")).count();
        assertEquals(200, naps, "each parking virtual thread one task, none lost, none doubled");

        Task built = log.oneForkedAt("fork:virtualThread");
        assertEquals("virtualThread", built.kind());
        assertEquals("built", built.start.getThread().getJavaName());
        assertRan(built, "value", null);

        List<Task> scoped = log.tasks.values().stream() // in fork order: the file's order is the threads' flushes
                .filter(t -> t.fork != null && t.kind().equals("structuredFork"))
                .sorted(Comparator.comparingLong(t -> t.id)).toList();
        assertEquals(2, scoped.size(), log::toString);
        assertEquals(log.line("fork:structuredFork"), TaskLog.firstUserLine(scoped.get(0).fork));
        for (Task task : scoped) {
            assertTrue(task.fork.getString("executor").startsWith("StructuredTaskScopeImpl@"), task::toString);
            assertTrue(log.isVirtual(task.start), task::toString);
            assertRan(task, "value", null);
            // the scope's join waits for each subtask; Subtask.get reads the outcome
            assertEquals(List.of("scopeJoin", "get"), task.joins.stream()
                    .sorted(Comparator.comparingLong(j -> j.getLong("seq")))
                    .map(j -> j.getString("kind")).toList(), task::toString);
            assertEquals(log.line("join:scopeJoin"), TaskLog.firstUserLine(task.joins.stream()
                    .filter(j -> j.getString("kind").equals("scopeJoin")).findFirst().orElseThrow()));
            assertEquals(log.line("join:subtaskGet"), TaskLog.firstUserLine(task.joins.stream()
                    .filter(j -> j.getString("kind").equals("get")).findFirst().orElseThrow()));
            assertTrue(task.joins.stream().allMatch(j -> j.getBoolean("completed")), task::toString);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void theTaskClassesComeFromTheCacheWithTheSameTasksTheProgramsOwnThreadsAmongThem(String which)
            throws Exception {
        Jdk jdk = RecorderIT.jdk(which);
        Path cache = Programs.WORK.resolve("cache-" + which);
        Programs.deleteTree(cache);
        String[] command = {"-cp", Programs.classes(jdk, "async") + File.pathSeparator + Programs.EVENTS,
                "demo.ThreadTasks"};
        Path source = Programs.SOURCES.resolve("async/demo/ThreadTasks.java");
        Run plain = TracedJvm.run(jdk, null, command);
        Run first = TracedJvm.run(jdk, "cache=" + cache, command);
        assertSameBehaviour(plain, first);
        // ThreadTasks' own Thread subclasses (Exporter, Auditor) go through the task instrumentation
        try (var files = Files.list(cache)) {
            assertEquals(3, files.filter(f -> f.getFileName().toString().matches("classes-\\p{XDigit}+\\.bin"))
                    .count(), "a cache file for the program's traced classes, one for its task classes, one for the "
                    + "JDK's");
        }
        // the second run may still meet a JDK class the first did not load (one the cache's own reading loads)
        TracedJvm.run(jdk, "cache=" + cache, command);
        Run third = TracedJvm.run(jdk, "cache=" + cache + ";debug=true", command);
        assertEquals(plain.out(), third.out(), third::toString);
        Matcher fromCache = Pattern.compile("classes loaded before retransformed in \\d+ ms, \\d+ traced classes "
                + "from the cache, (\\d+) JDK classes from the cache").matcher(third.err());
        assertTrue(fromCache.find() && Integer.parseInt(fromCache.group(1)) >= 1, third::toString);
        assertFalse(third.err().contains("Byte Buddy started"), third::toString);
        assertEquals(forkSites(TaskLog.read(first.recording(), source)),
                forkSites(TaskLog.read(third.recording(), source)));
    }

    /** Each task's kind and the line of the program that forked it, sorted. */
    private static List<String> forkSites(TaskLog log) {
        return log.tasks.values().stream().map(t -> t.kind() + " at " + TaskLog.firstUserLine(t.fork)).sorted()
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"async=false", "disable=executors|forkjoin|completablefuture|threads|structured"})
    void switchedOff(String option) throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        Path classes = Programs.classes(jdk, "async");
        Run plain = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.ExecutorTasks");
        Run traced = TracedJvm.run(jdk, option, "-cp", classes.toString(), "demo.ExecutorTasks");
        assertSameBehaviour(plain, traced);
        CallLog calls = traced.calls();
        assertTrue(calls.named(TaskForkEvent.NAME).isEmpty());
        assertFalse(calls.threads.isEmpty(), "methods are still traced");
    }

    @Test
    void oneGroupSwitchedOff() throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        String classpath = Programs.classes(jdk, "async") + File.pathSeparator + Programs.EVENTS;
        Run traced = TracedJvm.run(jdk, "disable=threads", "-cp", classpath, "demo.ThreadTasks");
        assertEquals(0, traced.exitCode(), traced::toString);
        assertTrue(traced.calls().named(TaskForkEvent.NAME).isEmpty(), "only threads fork in ThreadTasks");
        Run executors = TracedJvm.run(jdk, "disable=threads", "-cp", classpath, "demo.ExecutorTasks");
        assertFalse(executors.calls().named(TaskForkEvent.NAME).isEmpty(), "executors are still recorded");
    }

    @Test
    void forkJoinSwitchedOffLeavesNoWorkerThreadsAsTasks() throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        String classpath = Programs.classes(jdk, "async") + File.pathSeparator + Programs.EVENTS;
        Run traced = TracedJvm.run(jdk, "disable=forkjoin", "-cp", classpath, "demo.ForkJoinTasks");
        assertEquals(0, traced.exitCode(), traced::toString);
        // the pool starts its workers itself: they are no threads of the program, never seen starting
        assertEquals(List.of(), traced.calls().named(TaskForkEvent.NAME).stream()
                .map(e -> e.getString("taskObject")).toList());
    }

    /** Runs the program of src/it-programs/async without and with the agent; the task log of the traced run. */
    private static TaskLog run(String which, String program, String... arguments) throws Exception {
        Jdk jdk = RecorderIT.jdk(which);
        String classpath = Programs.classes(jdk, "async") + File.pathSeparator + Programs.EVENTS;
        List<String> command = new ArrayList<>(List.of("-cp", classpath, "demo." + program));
        command.addAll(List.of(arguments));
        Run plain = TracedJvm.run(jdk, null, command.toArray(new String[0]));
        Run traced = TracedJvm.run(jdk, "", command.toArray(new String[0]));
        assertSameBehaviour(plain, traced);
        TaskLog log = TaskLog.read(traced.recording(), Programs.SOURCES.resolve("async/demo/" + program + ".java"));
        log.calls.assertSequencesComplete();
        for (Task task : log.tasks.values()) {
            assertNotNull(task.fork, () -> "every task was forked: " + task);
            if (task.start != null) {
                assertTrue(task.start.getStartTime().compareTo(task.fork.getStartTime()) >= 0
                        || !task.fork.getThread().equals(task.start.getThread()), task::toString);
            }
        }
        return log;
    }

    /** The pool's invoke and the task's forks each ran on a worker and were joined, under the calls that made them. */
    private static void assertForkedJoinedAndRan(TaskLog log, String invoking) {
        Task root = log.oneForkedAt("fork:invoke");
        assertEquals("invoke", root.kind());
        assertTrue(root.fork.getString("executor").startsWith("ForkJoinPool@"), root.fork::toString);
        assertRan(root, "value", "36");
        assertEquals(List.of("invoke"), root.joins.stream().map(j -> j.getString("kind")).toList());
        log.assertInside(invoking, root.fork);

        List<Task> forks = log.forkedAt("fork:fork");
        assertTrue(forks.size() >= 3, log::toString);
        for (Task fork : forks) {
            assertEquals("fork", fork.kind());
            assertRan(fork, "value", null);
            Task ancestor = fork;
            while (ancestor.parent() != 0) {
                ancestor = log.get(ancestor.parent());
            }
            assertTrue(ancestor == root || ancestor.kind().equals("invoke"), () -> "root of " + fork);
            assertEquals(List.of("join"), fork.joins.stream().map(j -> j.getString("kind")).toList(),
                    fork::toString);
        }
    }

    private static void assertSameBehaviour(Run plain, Run traced) {
        assertAll(
                () -> assertEquals(0, plain.exitCode(), plain::toString),
                () -> assertEquals(plain.exitCode(), traced.exitCode(), traced::toString),
                () -> assertArrayEquals(plain.stdout(), traced.stdout(), () -> "stdout differs\n" + traced),
                () -> assertArrayEquals(plain.stderr(), traced.stderr(), () -> "stderr differs\n" + traced));
    }

    /** The task started on another thread and ended with that outcome (and result, when not null). */
    private static void assertRan(Task task, String outcome, String result) {
        assertNotNull(task.start, () -> "started: " + task);
        assertNotNull(task.end, () -> "ended: " + task);
        assertEquals(CallLog.threadKey(task.start), CallLog.threadKey(task.end), task::toString);
        assertEquals(outcome, task.outcome(), task::toString);
        assertTrue(task.start.getLong("seq") < task.end.getLong("seq"), task::toString);
        if (result != null) {
            assertEquals(result, task.end.getString("result"), task::toString);
        }
    }
}
