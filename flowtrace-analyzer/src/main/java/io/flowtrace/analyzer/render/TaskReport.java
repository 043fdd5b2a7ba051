package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.Checkpoint;
import io.flowtrace.analyzer.model.Deadlock;
import io.flowtrace.analyzer.model.LiveThread;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * What {@code flowtrace tasks} reports: the tasks and threads that did not finish cleanly, each with its async
 * stack (the calls it was in, then the fork that created its task, the calls around that fork, and so on up the
 * chain of forks), and the checkpoints the program passed.
 *
 * <p>Problems: deadlocks (each thread of the cycle with the lock it holds, the lock it waits for and its async
 * stack; its task or thread is not listed again), tasks still running when the recording ended, tasks that failed
 * while nobody waited for them (and no dependent stage took the failure over), tasks never started, calls still
 * open on threads outside such tasks (but for a thread whose calls end in {@code System.exit}), and
 * {@code beforeAwait} checkpoints whose {@code afterAwait} never came. Tasks that finished but were never joined
 * (nor consumed by a dependent stage) are listed too, as problems only when {@code strict}: fire-and-forget work
 * is often fine; not those a library forked in its own code, whose outcome it takes its own way.
 *
 * <p>A {@link CallFilter} narrows the report as it narrows a tree: with threads, only problems on a matching thread
 * (a task's running thread, or its forking thread when it never ran; any thread of a deadlock) are reported; with
 * includes, only problems whose async stack or own calls have a shown call; excludes hide calls from the async
 * stacks. Problems left out are counted in the summary, not in {@link #problemCount()}.
 */
public final class TaskReport {
    private static final String INDENT = "    ";

    private final TraceData trace;
    private final boolean strict;
    private final List<TaskInfo> running = new ArrayList<>();
    private final List<TaskInfo> failedUnobserved = new ArrayList<>();
    private final List<TaskInfo> notStarted = new ArrayList<>();
    private final List<TaskInfo> notJoined = new ArrayList<>();
    private final List<ThreadTrace> openThreads = new ArrayList<>();
    private final List<Checkpoint> unresumed = new ArrayList<>();
    private final List<Deadlock> deadlocks;
    private final CallFilter filter;
    /** Problems the filter left out. */
    private int filteredOut;
    /** Running tasks whose thread is a pool worker waiting for work, with no traced call open: not problems. */
    private int idle;
    /** Periodic tasks waiting for their next run: not problems. */
    private int scheduled;
    /**
     * Running tasks that a library forked in its own code and that run no traced call (a server's acceptor, poller
     * or await thread): they wait as the library means them to, so they are summed, not problems.
     */
    private int libraryThreads;
    /** Tasks a library forked in its own code that never started (surefire's exit timer): not lost work. */
    private int libraryNotStarted;

    /**
     * @param strict true to count finished tasks that nobody joined as problems
     */
    public TaskReport(TraceData trace, boolean strict) {
        this(trace, strict, CallFilter.NONE);
    }

    /**
     * @param strict true to count finished tasks that nobody joined as problems
     * @param filter the threads and calls to report on; its depth does not apply
     */
    public TaskReport(TraceData trace, boolean strict, CallFilter filter) {
        this.trace = Objects.requireNonNull(trace, "trace");
        this.strict = strict;
        this.filter = Objects.requireNonNull(filter, "filter");
        for (TaskInfo t : trace.tasks()) {
            if (t.isJdkInternal()) {
                continue;
            }
            switch (t.outcome()) {
                case RUNNING -> {
                    if (isIdle(t)) {
                        idle++;
                    } else if (runsAnotherTask(t)) {
                        // reported once, as the task it runs
                    } else if (forkedByLibrary(t) && innermostOpenOfTask(t) == null) {
                        libraryThreads++;
                    } else {
                        running.add(t);
                    }
                }
                case NOT_STARTED -> {
                    if (forkedByLibrary(t)) {
                        libraryNotStarted++; // a library's own timer or exit thread the JVM's end came before
                    } else {
                        notStarted.add(t);
                    }
                }
                case EXCEPTION -> {
                    if (t.joins().isEmpty() && t.dependents().isEmpty()) {
                        failedUnobserved.add(t);
                    }
                }
                case VALUE -> {
                    if (t.joins().isEmpty() && t.dependents().isEmpty() && !forkedByLibrary(t)) {
                        notJoined.add(t);
                    }
                }
                case SCHEDULED -> scheduled++;
                case CANCELLED -> {
                }
            }
        }
        for (ThreadTrace thread : trace.threads()) {
            CallNode open = innermostOpen(thread.roots());
            if (open != null && !runsInRunningTask(open) && !endsTheProgram(thread)) {
                openThreads.add(thread);
            }
        }
        for (Checkpoint c : trace.checkpoints()) {
            if (c.isUnresumed()) {
                unresumed.add(c);
            }
        }
        deadlocks = new ArrayList<>(trace.deadlocks());
        for (Deadlock deadlock : deadlocks) {
            for (Deadlock.Wait wait : deadlock.waits()) {
                ThreadTrace thread = tracedThread(wait.thread());
                running.removeIf(t -> t.runThread() != null && t.runThread() == thread);
                openThreads.remove(thread);
            }
        }
        filteredOut += keepShown(deadlocks, this::shows);
        filteredOut += keepShown(running, t -> shows(t.runThread(), innermostOpenOfTask(t), t));
        filteredOut += keepShown(failedUnobserved, t -> shows(t.runThread(), null, t));
        filteredOut += keepShown(notStarted, t -> shows(t.forkThread(), null, t));
        filteredOut += keepShown(openThreads, t -> shows(t, innermostOpen(t.roots()), null));
        filteredOut += keepShown(unresumed, c -> shows(c.thread(), c.call(), c.call() == null ? c.task() : null));
        int unjoined = keepShown(notJoined, t -> shows(t.runThread(), null, t));
        filteredOut += strict ? unjoined : 0;
    }

    /** Removes what the filter does not show; returns how many. */
    private static <T> int keepShown(List<T> problems, Predicate<T> shown) {
        int before = problems.size();
        problems.removeIf(shown.negate());
        return before - problems.size();
    }

    /** A deadlock is shown when one of its threads is. */
    private boolean shows(Deadlock deadlock) {
        for (Deadlock.Wait wait : deadlock.waits()) {
            ThreadTrace thread = tracedThread(wait.thread());
            TaskInfo task = thread == null ? null : runningTaskOn(thread);
            CallNode open = task != null ? innermostOpenOfTask(task) : thread != null ? innermostOpen(thread.roots())
                    : null;
            if (thread != null ? shows(thread, open, task) : filter.threads().isEmpty() && filter.includes().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a problem on {@code thread} is shown: the thread is selected, and with includes, a call of its async
     * stack (from {@code call}, else from {@code task}'s fork) or of the task itself is shown.
     */
    private boolean shows(ThreadTrace thread, CallNode call, TaskInfo task) {
        if (!filter.threads().isEmpty() && (thread == null || !filter.showsThread(thread))) {
            return false;
        }
        if (filter.includes().isEmpty()) {
            return true;
        }
        if (task != null) {
            for (CallNode c : task.calls()) {
                if (filter.showsCall(c) || filter.countShownBelow(c) > 0) {
                    return true;
                }
            }
        }
        boolean[] shown = {false};
        walk(call, task, c -> shown[0] |= filter.showsCall(c), t -> { });
        return shown[0];
    }

    /**
     * Forked by a library inside its own machinery (Reactor's schedulers): the library takes the outcome its own
     * way, without a join the recorder sees, so "never joined" would say nothing about the program.
     */
    private boolean forkedByLibrary(TaskInfo t) {
        return t.forkSite() != null && !trace.applicationCode().contains(t.forkSite());
    }

    /** A task still running only in that its thread, a pool worker, waits for the next piece of work. */
    private boolean isIdle(TaskInfo t) {
        if (t.runThread() == null || innermostOpenOfTask(t) != null) {
            return false;
        }
        LiveThread live = trace.liveThread(t.runThread());
        return live != null && live.isIdlePoolWorker();
    }

    /**
     * A pool worker's thread task while the worker runs another task (a hung request): only the inner task, the
     * one doing the work, is reported.
     */
    private boolean runsAnotherTask(TaskInfo t) {
        if (t.runThread() == null || !"thread".equals(t.kind())) {
            return false;
        }
        for (TaskInfo other : trace.tasks()) {
            if (other != t && other.outcome() == TaskOutcome.RUNNING && other.runThread() == t.runThread()
                    && !other.isJdkInternal()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the thread is in System.exit (or Runtime.exit/halt) in the last dump: its open calls end with the JVM. */
    private boolean endsTheProgram(ThreadTrace thread) {
        LiveThread live = trace.liveThread(thread);
        if (live == null) {
            return false;
        }
        for (StackFrame f : live.frames()) {
            if ((f.className().equals("java.lang.Runtime") || f.className().equals("java.lang.System"))
                    && (f.methodName().equals("exit") || f.methodName().equals("halt"))) {
                return true;
            }
        }
        return false;
    }

    /** The traced thread of that name in the thread dump (names may repeat: the dump's thread id decides). */
    private ThreadTrace tracedThread(String name) {
        for (LiveThread live : trace.liveThreads()) {
            if (live.name().equals(name)) {
                for (ThreadTrace thread : trace.threads()) {
                    if (live.javaThreadId() >= 0 ? thread.javaThreadId() == live.javaThreadId()
                            : thread.name().equals(name)) {
                        return thread;
                    }
                }
            }
        }
        return null;
    }

    private LiveThread liveThread(String name) {
        for (LiveThread live : trace.liveThreads()) {
            if (live.name().equals(name)) {
                return live;
            }
        }
        return null;
    }

    private TaskInfo runningTaskOn(ThreadTrace thread) {
        for (TaskInfo t : trace.tasks()) {
            if (t.outcome() == TaskOutcome.RUNNING && t.runThread() == thread && !t.isJdkInternal()) {
                return t;
            }
        }
        return null;
    }

    /** Number of problems found; 0 means a clean run. */
    public int problemCount() {
        return deadlocks.size() + running.size() + failedUnobserved.size() + notStarted.size() + openThreads.size() + unresumed.size()
                + (strict ? notJoined.size() : 0);
    }

    /** Writes the report and flushes {@code out}. */
    public void render(Writer out) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Deadlock deadlock : deadlocks) {
            sb.append("Deadlock: ").append(deadlock.waits().size())
                    .append(" threads, each waiting for a lock the next one holds:\n");
            for (Deadlock.Wait wait : deadlock.waits()) {
                deadlocked(sb, deadlock, wait);
            }
        }
        section(sb, "Still running when the recording ended", running.size());
        for (TaskInfo t : running) {
            taskHeader(sb, t, "");
            CallNode open = innermostOpenOfTask(t);
            blocked(sb, t.runThread(), open);
            asyncStack(sb, open, t);
        }
        section(sb, "Failed, and nobody waited for the outcome", failedUnobserved.size());
        for (TaskInfo t : failedUnobserved) {
            taskHeader(sb, t, " ✗ " + AsyncLabels.exception(t.exception()));
            asyncStack(sb, null, t);
        }
        section(sb, "Never started", notStarted.size());
        for (TaskInfo t : notStarted) {
            taskHeader(sb, t, "");
            asyncStack(sb, null, t);
        }
        section(sb, "Calls still open", openThreads.size());
        for (ThreadTrace thread : openThreads) {
            sb.append("  ").append(AsyncLabels.thread(thread)).append('\n');
            CallNode open = innermostOpen(thread.roots());
            blocked(sb, thread, open);
            asyncStack(sb, open, null);
        }
        section(sb, "Waiting at a checkpoint (beforeAwait without afterAwait)", unresumed.size());
        for (Checkpoint c : unresumed) {
            checkpoint(sb, c, true);
        }
        section(sb, "Finished but never joined" + (strict ? "" : " (not counted as problems without --strict)"),
                notJoined.size());
        for (TaskInfo t : notJoined) {
            taskHeader(sb, t, "");
            asyncStack(sb, null, t);
        }
        List<Checkpoint> checkpoints = new ArrayList<>(trace.checkpoints());
        checkpoints.removeIf(c -> !shows(c.thread(), c.call(), c.call() == null ? c.task() : null));
        section(sb, "Checkpoints", checkpoints.size());
        for (Checkpoint c : checkpoints) {
            checkpoint(sb, c, false);
        }
        sb.append(summary()).append('\n');
        out.write(sb.toString());
        out.flush();
    }

    private String summary() {
        int problems = problemCount();
        if (problems == 0) {
            return "No problems: " + count(shownTasks(), "task") + ", "
                    + count(trace.checkpoints().size(), "checkpoint") + waiting() + filtered() + ".";
        }
        List<String> parts = new ArrayList<>();
        add(parts, deadlocks.size(), deadlocks.size() == 1 ? "deadlock" : "deadlocks");
        add(parts, running.size(), "still running");
        add(parts, failedUnobserved.size(), "failed unobserved");
        add(parts, notStarted.size(), "never started");
        add(parts, openThreads.size(), openThreads.size() == 1 ? "thread with open calls" : "threads with open calls");
        add(parts, unresumed.size(), "waiting at a checkpoint");
        if (strict) {
            add(parts, notJoined.size(), "never joined");
        }
        return count(problems, "problem") + ": " + String.join(", ", parts) + waiting() + filtered() + ".";
    }

    /** {@code ; 2 problems outside the filters}, or nothing. */
    private String filtered() {
        return filteredOut == 0 ? "" : "; " + count(filteredOut, "problem") + " outside the filters";
    }

    /**
     * {@code ; 14 idle pool threads, 3 library threads running no traced call, 1 periodic schedule waiting}: what
     * waits as it should, summed.
     */
    private String waiting() {
        List<String> parts = new ArrayList<>();
        if (idle > 0) {
            parts.add(count(idle, "idle pool thread"));
        }
        if (libraryThreads > 0) {
            parts.add(count(libraryThreads, "library thread") + " running no traced call");
        }
        if (libraryNotStarted > 0) {
            parts.add(count(libraryNotStarted, "library task") + " never started");
        }
        if (scheduled > 0) {
            parts.add(count(scheduled, "periodic schedule") + " waiting");
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
    }

    private int shownTasks() {
        int n = 0;
        for (TaskInfo t : trace.tasks()) {
            n += t.isJdkInternal() ? 0 : 1;
        }
        return n;
    }

    private static void add(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void section(StringBuilder sb, String title, int size) {
        if (size > 0) {
            sb.append(title).append(":\n");
        }
    }

    private static void taskHeader(StringBuilder sb, TaskInfo t, String suffix) {
        sb.append("  ").append(AsyncLabels.task(t));
        if (t.runThread() != null) {
            sb.append(" on ").append(AsyncLabels.thread(t.runThread()));
        }
        sb.append(CallLabels.printable(suffix)).append('\n');
    }

    /** A thread of a deadlock: its task or thread, the locks, where it is blocked and its async stack. */
    private void deadlocked(StringBuilder sb, Deadlock deadlock, Deadlock.Wait wait) {
        ThreadTrace thread = tracedThread(wait.thread());
        TaskInfo task = thread == null ? null : runningTaskOn(thread);
        if (task != null) {
            taskHeader(sb, task, "");
        } else {
            sb.append("  ").append(thread != null ? AsyncLabels.thread(thread)
                    : CallLabels.printable(wait.thread()) + " (no traced calls)").append('\n');
        }
        String held = deadlock.heldBy(wait.thread());
        if (held != null) {
            sb.append(INDENT).append("holds     ").append(CallLabels.printable(held)).append('\n');
        }
        sb.append(INDENT).append("waits for ").append(CallLabels.printable(wait.waitsFor())).append(", held by ")
                .append(CallLabels.printable(wait.heldBy())).append('\n');
        LiveThread live = liveThread(wait.thread());
        String at = live == null ? null : AsyncLabels.blockedAt(live.frames(), trace.applicationCode());
        if (at != null) {
            sb.append(INDENT).append("blocked at ").append(at).append('\n');
        }
        CallNode open = task != null ? innermostOpenOfTask(task) : thread != null ? innermostOpen(thread.roots()) : null;
        if (open != null || task != null) {
            asyncStack(sb, open, task);
        }
    }

    /** A checkpoint, where its thread is blocked now when {@code live}, and its async stack. */
    private void checkpoint(StringBuilder sb, Checkpoint c, boolean live) {
        sb.append("  ◆ ").append(CallLabels.printable(c.label()));
        switch (c.kind()) {
            case BEFORE_AWAIT -> sb.append(c.isUnresumed() ? " (before await, never resumed)" : " (before await)");
            case AFTER_AWAIT -> sb.append(" (after await)");
            case POINT -> {
            }
        }
        sb.append(" on ").append(AsyncLabels.thread(c.thread())).append('\n');
        if (live) {
            blocked(sb, c.thread(), c.call());
        }
        asyncStack(sb, c.call(), c.call() == null ? c.task() : null);
    }

    /** {@code blocked at CountDownLatch.await ← Lost.stuckForever (Lost.java:9)  [WAITING (parking)]} */
    private void blocked(StringBuilder sb, ThreadTrace thread, CallNode open) {
        if (thread == null) {
            return;
        }
        LiveThread live = trace.liveThread(thread);
        if (live == null) {
            return;
        }
        List<StackFrame> frames = live.frames();
        if (open != null && !onStack(frames, open)) {
            return; // the dump was taken after the traced call ended: its stack says nothing about it
        }
        String at = AsyncLabels.blockedAt(frames, trace.applicationCode());
        if (at != null) {
            sb.append(INDENT).append("blocked at ").append(at);
            if (!live.state().isEmpty()) {
                sb.append("  [").append(live.state()).append(']');
            }
            sb.append('\n');
        }
    }

    private static boolean onStack(List<StackFrame> frames, CallNode call) {
        for (StackFrame f : frames) {
            if (f.className().equals(call.method().className()) && f.methodName().equals(call.method().name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The async stack, innermost first: the calls from {@code call} up to its task's (or thread's) top, then for
     * each task in the chain the fork and the calls around it. With a {@code null} call, starts at {@code task}'s
     * fork. Calls the filter hides are left out.
     */
    private void asyncStack(StringBuilder sb, CallNode call, TaskInfo task) {
        walk(call, task, n -> {
            if (!filter.showsCall(n)) {
                return;
            }
            sb.append(INDENT).append("in ").append(CallLabels.printable(CallLabels.call(n)));
            if (n.outcome() == Outcome.RUNNING) {
                sb.append(" … running");
            }
            sb.append('\n');
        }, t -> {
            sb.append(INDENT).append(AsyncLabels.taskRef(t));
            if (!t.isForked()) {
                sb.append(" (fork not recorded)\n");
                return;
            }
            sb.append(" forked");
            StackFrame site = t.forkSite();
            if (site != null) {
                sb.append(" at ").append(AsyncLabels.site(site, t.forkStack(), trace.applicationCode()));
            }
            sb.append(" on ").append(AsyncLabels.thread(t.forkThread())).append('\n');
        });
    }

    /** Walks an async stack (see {@link #asyncStack}): each call, innermost first, and each fork of the chain. */
    private static void walk(CallNode call, TaskInfo task, Consumer<CallNode> onCall, Consumer<TaskInfo> onFork) {
        Set<TaskInfo> seen = new HashSet<>();
        CallNode c = call;
        TaskInfo t = call == null ? task : call.owningTask();
        while (true) {
            for (CallNode n = c; n != null; n = n.task() != null ? null : n.parent()) {
                onCall.accept(n);
            }
            if (t == null || !seen.add(t)) {
                return;
            }
            onFork.accept(t);
            if (!t.isForked()) {
                return;
            }
            c = t.forkCall();
            t = c == null ? t.parent() : c.owningTask(); // forked outside traced calls: still inside its parent
        }
    }

    /** The innermost call still running in a list of calls (the last running one, then its last running child). */
    static CallNode innermostOpen(List<CallNode> calls) {
        CallNode open = null;
        List<CallNode> level = calls;
        while (true) {
            CallNode next = null;
            for (int i = level.size() - 1; i >= 0; i--) {
                if (level.get(i).outcome() == Outcome.RUNNING) {
                    next = level.get(i);
                    break;
                }
            }
            if (next == null) {
                return open;
            }
            open = next;
            level = next.children();
        }
    }

    private static CallNode innermostOpenOfTask(TaskInfo t) {
        return innermostOpen(t.calls());
    }

    private static boolean runsInRunningTask(CallNode call) {
        TaskInfo owner = call.owningTask();
        return owner != null && owner.outcome() == TaskOutcome.RUNNING;
    }
}
