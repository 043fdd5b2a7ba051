package io.flowtrace.recorder.runtime;

import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.flowtrace.FlowTrace;
import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.events.TaskStartEvent;
import jdk.jfr.EventType;

/**
 * Turns hand-offs of work into task events: fork on the forking thread (with its stack), start and end on the
 * thread that runs the task, join on a waiting thread, checkpoints anywhere. Every event takes its seq from the
 * thread's {@link ThreadState#takeSeq()}, among the thread's call records, so the analyzer places it in the call
 * tree.
 *
 * <p>A fork API often calls another (submit calls execute, execute starts a thread): each call pushes a
 * {@link Frame}; only the first task object seen under the outermost frame is forked, with that frame's kind.
 * Runs inside JDK code on any thread, virtual threads' carriers included: no locks of ours, and nothing thrown
 * out (the advice suppresses it).
 */
public final class TaskTracer implements FlowTrace.Recorder {
    // Looked up by the constructor, not as the class is initialized: the agent initializes this class on its
    // instrumenting thread while JFR starts on another, and an event type not yet registered there throws.
    private final EventType forkEvents = EventType.getEventType(TaskForkEvent.class);
    private final EventType startEvents = EventType.getEventType(TaskStartEvent.class);
    private final EventType endEvents = EventType.getEventType(TaskEndEvent.class);
    private final EventType joinEvents = EventType.getEventType(TaskJoinEvent.class);
    private final EventType checkpointEvents = EventType.getEventType(CheckpointEvent.class);

    /** Kind of the frame of an internal queueing method, which forks only inside a fork API call. */
    public static final String QUEUE = "queue";

    private final Tracer tracer;
    private final ValueRenderer renderer;
    private final TaskRegistry<TaskInfo> registry = new TaskRegistry<>();
    /** Combined futures (allOf, anyOf) and scopes, and the tasks a wait for them waits for. */
    private final TaskRegistry<TaskGroup> groups = new TaskRegistry<>();
    /** Linked with the class, at the agent's start ({@link HookClasses}), not at a first fork deep in a stack. */
    private static final Supplier<TaskGroup> SCOPE_GROUP = () -> new TaskGroup("scope");
    private final AtomicLong ids = new AtomicLong();
    /** Set when {@code flowtrace attach} detaches: tasks wrapped before then run on unrecorded. */
    private volatile boolean closed;

    public TaskTracer(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.renderer = tracer.renderer();
        tracer.tasks = this;
    }

    /**
     * A task that began before {@code flowtrace attach}, found running on {@code owner}'s stack: a start without a
     * fork, which the analyzer reports as such. Told by the owner itself, or at the detach by the detaching thread.
     */
    @SuppressWarnings("deprecation") // threadId() is JDK 19+
    void startedBeforeAttach(ThreadState state, Thread owner) {
        if (closed || !startEvents.isEnabled()) {
            return;
        }
        TaskStartEvent event = new TaskStartEvent();
        event.task = ids.incrementAndGet();
        event.seq = state.takeSeq();
        if (owner != Thread.currentThread()) {
            event.ownerThreadId = owner.getId();
            event.ownerThreadName = owner.getName();
        }
        event.commit();
    }

    /**
     * Whether a frame runs a task: a FutureTask's or ForkJoinTask's run, or a pool worker running a plain Runnable
     * ({@code callee}, the frame it called, is then neither the wait for work nor one of the former).
     */
    static boolean runsTask(String type, String method, String calleeType, String calleeMethod) {
        return switch (type + "." + method) {
            case "java.util.concurrent.FutureTask.run", "java.util.concurrent.FutureTask.runAndReset",
                 "java.util.concurrent.ForkJoinTask.doExec" -> true;
            case "java.util.concurrent.ThreadPoolExecutor.runWorker" -> calleeType != null
                    && !calleeType.startsWith("java.util.concurrent.");
            default -> false;
        };
    }

    /** Records nothing from now on: the session ended (a detach), though wrapped tasks may still run. */
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** A fork API call in progress on a thread. */
    static final class Frame {
        final String kind;
        final Object executor;
        final Frame parent;
        /** A task was forked by this very call (so calls nested in it fork nothing). */
        boolean forked;
        /** The task forked under this call or a nested one; what the call returns is linked to it. */
        TaskInfo task;
        /** The first CompletableFuture made in this call: the stage it returns, linked to its task at the fork. */
        Object stage;
        /** A dependent stage's call (thenApply, thenCombineAsync...): the task of the stage it consumes, or null. */
        TaskInfo source;
        /** The second stage a stage consumes (thenCombine, applyToEither...), or null. */
        TaskInfo otherSource;
        /** A dependent stage without executor (thenApply...): runs on the completing thread, or right here. */
        boolean syncStage;
        /** The stage of a {@link #syncStage} call whose sources were complete: running right here, in the call. */
        Running inline;

        Frame(String kind, Object executor, Frame parent) {
            this.kind = kind;
            this.executor = executor;
            this.parent = parent;
        }
    }

    /** A task running on a thread, and what the thread was doing before it started. */
    static final class Running {
        final TaskInfo task;
        final Object object;
        final Running outer;
        final Frame outerFrame;
        final boolean outerJoining;
        boolean resultSet;
        Object result;
        Throwable thrown;
        /** A run of a periodic task (FutureTask.runAndReset), which goes back to waiting for its next run. */
        boolean periodic;
        /**
         * The task's own code cancelled its future while it ran (Reactor disposes its worker when the work is
         * done): its outcome is still what the code did.
         */
        boolean cancelledItself;

        Running(TaskInfo task, Object object, ThreadState state) {
            this.task = task;
            this.object = object;
            this.outer = state.running;
            this.outerFrame = state.frame;
            this.outerJoining = state.joining;
        }
    }

    // ---- fork side

    /** Enters a fork API call; returns the frame to hand to {@link #exitFrame}, or null. */
    public Object enterFrame(String kind, Object executor) {
        ThreadState state = tracer.state();
        if (state.busy) {
            return null;
        }
        Frame frame = new Frame(kind, executor, state.frame);
        state.frame = frame;
        return frame;
    }

    /** Leaves a fork API call; links what it returned (a Future, a Subtask) to the task forked under it. */
    public void exitFrame(Object frame, Object returned) {
        if (!(frame instanceof Frame)) {
            return;
        }
        Frame done = (Frame) frame;
        ThreadState state = tracer.state();
        if (state.frame == done) {
            state.frame = done.parent;
        }
        if (returned != null && done.task != null) {
            registry.alias(returned, done.task);
        }
    }

    /**
     * {@code Executor.execute(task)} of any executor: forks the task unless a call around it already did, and
     * returns what the executor should queue: the task itself when it records its own start and end (a
     * FutureTask, a ForkJoinTask in a ForkJoinPool), else a {@link TracedRunnable} around it.
     */
    public Runnable execute(Object frame, Runnable task) {
        if (task == null || task instanceof TracedRunnable || isJdkInternal(task)) {
            return task;
        }
        boolean recordsItself = recordsItsOwnRun(frame, task);
        TaskInfo known = registry.get(task);
        if (known != null && known.isUnstarted()) {
            ((Frame) frame).forked = true; // forked already where it was made, e.g. a deferred thenApplyAsync
            return recordsItself ? task : new TracedRunnable(task, known, this);
        }
        if (recordsItself) {
            fork(frame, task, false);
            return task;
        }
        TaskInfo info = newFork(frame, task, false);
        return info == null ? task : new TracedRunnable(task, info, this);
    }

    /**
     * A CompletableFuture stage made with an executor to run on later (thenApplyAsync on an incomplete future):
     * forked here, at the program's call, and wrapped when the completing thread hands it to the executor.
     */
    public void completion(Object completion, Object executor) {
        Frame current = tracer.state().frame;
        if (current == null) {
            return;
        }
        if (executor == null) {
            if (current.syncStage && current.inline == null && !current.forked) {
                fork(current, completion, false); // thenApply... on a source not complete yet: runs when it is
            }
            return;
        }
        // the stage runs on this executor: without it the stage (a ForkJoinTask) would be taken for the common pool's
        Object frame = enterFrame(QUEUE, executor);
        try {
            fork(frame, completion, true);
        } finally {
            exitFrame(frame, null);
        }
    }

    // ---- CompletableFuture's dependent stages

    /**
     * Enters a dependent stage call of a CompletableFuture ({@code thenApply}, {@code thenCombineAsync}, ...) on
     * {@code source}; {@code other} is the second stage of thenCombine, applyToEither... (else null). A stage with
     * an executor (*Async) is forked where the executor gets it; one without is forked here and runs right here
     * when its sources are complete ({@code sourceDone}: the source's result is set), else later, on the thread
     * that completes them ({@link #stageClaimed}). Returns the frame for {@link #exitStage}, or null.
     */
    public Object enterStage(String kind, Object source, Object other, Object function, boolean sourceDone) {
        Object entered = enterFrame(kind, null);
        if (!(entered instanceof Frame)) {
            return null;
        }
        Frame frame = (Frame) entered;
        frame.source = registry.get(source);
        frame.otherSource = other == null ? null : registry.get(other);
        if (!kind.endsWith("Async")) {
            frame.syncStage = true;
            if (runsNow(kind, sourceDone, other)) {
                TaskInfo info = newFork(frame, function, false);
                Object started = info == null ? null : start(info, function);
                frame.inline = started instanceof Running ? (Running) started : null;
            }
        }
        return frame;
    }

    /** Whether the JDK runs a stage without executor in the call: its source (both, or either) complete. */
    private static boolean runsNow(String kind, boolean sourceDone, Object other) {
        if (kind.startsWith("thenCombine") || kind.startsWith("thenAcceptBoth") || kind.startsWith("runAfterBoth")) {
            return sourceDone && isDone(other);
        }
        if (kind.startsWith("applyToEither") || kind.startsWith("acceptEither") || kind.startsWith("runAfterEither")) {
            return sourceDone || isDone(other);
        }
        return sourceDone;
    }

    private static boolean isDone(Object stage) {
        try {
            return stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone();
        } catch (RuntimeException e) {
            return false; // a minimal stage refuses
        }
    }

    /** Leaves the call {@link #enterStage} entered: a stage that ran in it ends with the stage it returned. */
    public void exitStage(Object frame, Object returned, Throwable thrown) {
        if (!(frame instanceof Frame)) {
            return;
        }
        Running inline = ((Frame) frame).inline;
        if (inline != null) {
            if (thrown == null) {
                outcomeOf(returned, inline);
            }
            end(inline, thrown);
        }
        exitFrame(frame, returned);
    }

    /** A stage's completion claimed the right to run its function on this thread now: its start. */
    public void stageClaimed(Object completion) {
        TaskInfo info = registry.get(completion);
        if (info != null) {
            start(info, completion);
        }
    }

    /**
     * A stage's completion fired on this thread: its function ran (claimed here) and the stage {@code dependent}
     * is complete, or its source failed and the stage took that exception over without running: a start and an
     * end right here, so the task is no "never started" one.
     */
    public void stageFired(Object completion, Object dependent) {
        Running running = tracer.state().running;
        if (running != null && running.object == completion) {
            if (!running.resultSet) {
                outcomeOf(dependent, running);
            }
            end(running, null);
            return;
        }
        TaskInfo info = registry.get(completion);
        if (info != null && info.isUnstarted()) {
            Object started = start(info, completion);
            if (started instanceof Running) {
                outcomeOf(dependent, (Running) started);
                end(started, null);
            }
        }
    }

    /** The outcome of a complete CompletableFuture becomes the running task's, unless that one has its own. */
    private static void outcomeOf(Object future, Running running) {
        if (!(future instanceof CompletableFuture) || running.resultSet) {
            return;
        }
        CompletableFuture<?> stage = (CompletableFuture<?>) future;
        try {
            if (!stage.isDone()) {
                return;
            }
            running.result = stage.getNow(null);
        } catch (CompletionException | CancellationException e) {
            running.thrown = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return; // a minimal stage refuses
        }
        running.resultSet = true;
    }

    /** {@code allOf}/{@code anyOf} returned {@code combined}: waiting for it waits for the tasks of its parts. */
    public void combined(String kind, Object combined, Object[] parts) {
        if (combined == null || parts == null) {
            return;
        }
        TaskGroup group = new TaskGroup(kind);
        for (Object part : parts) {
            TaskInfo info = registry.get(part);
            if (info != null) {
                group.add(info, part);
            }
        }
        if (!group.isEmpty()) {
            groups.put(combined, group);
        }
    }

    /**
     * An internal method queueing {@code task}: a frame, and a fork when inside a fork API call that has not
     * forked yet; null at once outside any (a virtual thread rescheduled: no allocation on its carrier).
     */
    public Object enterQueue(Object task) {
        if (tracer.state().frame == null) {
            return null;
        }
        Object frame = enterFrame(QUEUE, null);
        fork(frame, task, true);
        return frame;
    }

    /** Forks a task object that records its own start and end (ForkJoinTask, FutureTask, Thread). */
    public void fork(Object frame, Object task, boolean sighting) {
        TaskInfo info = newFork(frame, task, sighting);
        if (info != null) {
            registry.put(task, info);
        }
    }

    private TaskInfo newFork(Object frame, Object task, boolean sighting) {
        if (!(frame instanceof Frame) || task == null || !forkEvents.isEnabled()) {
            return null;
        }
        Frame own = (Frame) frame;
        if (sighting && !insideForkApi(own.parent)) {
            return null; // an internal method outside any fork API: e.g. a virtual thread being rescheduled
        }
        if (task instanceof Thread && (isOurs((Thread) task) || isPoolMachinery((Thread) task))) {
            return null;
        }
        Frame outermost = own;
        Object executor = null;
        TaskInfo source = null;
        TaskInfo otherSource = null;
        for (Frame f = own; f != null; f = f.parent) {
            if (f.forked || f != own && f.kind.equals(QUEUE)) {
                return null; // a call around this one forked it already (counted once), or JDK machinery
            }
            outermost = f;
            executor = f.executor != null ? f.executor : executor; // what the program called, e.g. its own
            if (source == null && otherSource == null) {
                source = f.source;
                otherSource = f.otherSource;
            }
        }
        ThreadState state = tracer.state();
        if (state.busy) {
            return null;
        }
        state.busy = true;
        try {
            TaskInfo info = new TaskInfo(ids.incrementAndGet());
            own.forked = true;
            for (Frame f = own; f != null; f = f.parent) {
                f.task = info;
                if (f.stage != null) {
                    registry.alias(f.stage, info); // before the task can run and complete it
                }
            }
            Tracer.describe(state);
            TaskForkEvent event = new TaskForkEvent();
            event.task = info.id;
            event.parentTask = state.running == null ? 0 : state.running.task.id;
            event.kind = kind(outermost, task);
            event.source = source == null ? 0 : source.id;
            event.otherSource = otherSource == null ? 0 : otherSource.id;
            event.executor = describe(executor != null || outermost.syncStage ? executor : defaultExecutor(task));
            event.taskObject = describe(task);
            event.seq = state.takeSeq(); // a mark among the call records
            event.commit();
            if (outermost.kind.equals("structuredFork") && executor != null) { // what the scope's join waits for
                groups.getOrAdd(executor, SCOPE_GROUP).add(info, null);
            }
            return info;
        } finally {
            state.busy = false;
        }
    }

    private static String kind(Frame frame, Object task) {
        if (frame.kind.equals("thread") && task instanceof Thread && ThreadState.isVirtual((Thread) task)) {
            return "virtualThread";
        }
        return frame.kind;
    }

    private static boolean insideForkApi(Frame frame) {
        for (Frame f = frame; f != null; f = f.parent) {
            if (!f.kind.equals(QUEUE)) {
                return true;
            }
        }
        return false;
    }

    /** Threads of FlowTrace, JFR (their shutdown hooks) and the JDK's own machinery: no tasks of the program. */
    private static boolean isOurs(Thread thread) {
        String name = thread.getName();
        return name.startsWith("flowtrace-") || name.startsWith("JFR ")
                || thread.getClass().getName().startsWith("jdk.internal."); // e.g. the JDK's InnocuousThreads
    }

    /**
     * A pool's own thread (a ForkJoinPool worker, JDK 25's DelayScheduler) started as the pool needs it: it runs
     * the pool's tasks, which record themselves, and its run is the JDK's, never seen starting.
     */
    private static boolean isPoolMachinery(Thread thread) {
        return thread.getClass().getName().startsWith("java.util.concurrent.");
    }

    private static Object defaultExecutor(Object task) {
        if (task instanceof ForkJoinTask) {
            Thread current = Thread.currentThread();
            return current instanceof ForkJoinWorkerThread ? ((ForkJoinWorkerThread) current).getPool()
                    : ForkJoinPool.commonPool();
        }
        return task instanceof Thread ? task : null;
    }

    /** Runnables the JDK hands to executors for its own machinery, e.g. a virtual thread's continuation. */
    /**
     * Whether the task records its own start and end where it runs: a FutureTask anywhere, a ForkJoinTask in a
     * ForkJoinPool (which would queue a wrapper inside an adapter of its own: the stacks would change).
     */
    private static boolean recordsItsOwnRun(Object frame, Runnable task) {
        return task instanceof java.util.concurrent.FutureTask
                || task instanceof java.util.concurrent.ForkJoinTask && frame != null
                   && ((Frame) frame).executor instanceof java.util.concurrent.ForkJoinPool;
    }

    static boolean isJdkInternal(Runnable task) {
        return task == null || task.getClass().getName().startsWith("java.lang.VirtualThread");
    }

    // ---- running side

    /** A registered task object begins to run on this thread; returns what {@link #end} needs, or null. */
    public Object start(Object task) {
        TaskInfo info = registry.get(task);
        if (info == null || task instanceof Future && ((Future<?>) task).isDone()) {
            return null;
        }
        return start(info, task);
    }

    /**
     * One run of a periodic task begins (FutureTask.runAndReset, what scheduleAtFixedRate runs): a start of the
     * same task each time; {@link #end} records the run's end and leaves the task waiting for its next run.
     */
    public Object startRun(Object task) {
        Object started = start(task);
        if (started instanceof Running) {
            ((Running) started).periodic = true;
        }
        return started;
    }

    Object start(TaskInfo info, Object task) {
        if (!info.claimStart()) {
            return null;
        }
        ThreadState state = tracer.state();
        Running running = new Running(info, task, state);
        state.running = running;
        state.frame = null; // forks and joins of the task are its own, whatever the thread was inside
        state.joining = false;
        if (startEvents.isEnabled() && !state.busy) {
            state.busy = true;
            try {
                Tracer.describe(state);
                TaskStartEvent event = new TaskStartEvent();
                event.task = info.id;
                event.seq = state.takeSeq(); // a mark among the call records
                event.commit();
            } finally {
                state.busy = false;
            }
        }
        return running;
    }

    /** A FutureTask's run() set its outcome (set or setException) on this thread. */
    public void result(Object future, Object value, Throwable exception) {
        ThreadState state = tracer.state();
        Running running = state.running;
        if (running != null && !running.resultSet
                && (running.object == future || registry.get(future) == running.task)) {
            running.resultSet = true;
            running.result = value;
            running.thrown = exception;
        }
    }

    /**
     * A CompletableFuture or FutureTask was made on this thread: inside a fork API call, the first is what the
     * call returns; linked to the task when it forks, before the task can run and complete it.
     */
    public void stageMade(Object future) {
        ThreadState state = tracer.state();
        Frame frame = state.frame;
        if (frame != null && frame.stage == null && frame.task == null && !frame.kind.equals(QUEUE)) {
            frame.stage = future;
        }
    }

    /**
     * A CompletableFuture was completed on this thread; when it is the future of the task running here (the
     * stage supplyAsync or thenApplyAsync returned), that is the task's outcome.
     */
    public void stageResult(Object future, Object value, Throwable exception) {
        Running running = tracer.state().running;
        if (running == null || running.resultSet || registry.get(future) != running.task) {
            return;
        }
        running.resultSet = true;
        running.result = value;
        running.thrown = exception instanceof java.util.concurrent.CompletionException && exception.getCause() != null
                ? exception.getCause() : exception;
    }

    /** The task started by {@link #start} ended; {@code thrown} is what its run method threw, if anything. */
    public void end(Object started, Throwable thrown) {
        if (!(started instanceof Running)) {
            return;
        }
        Running running = (Running) started;
        ThreadState state = tracer.state();
        if (state.running == running) {
            state.running = running.outer;
            state.frame = running.outerFrame;
            state.joining = running.outerJoining;
        }
        // a run of a periodic task that neither failed nor was cancelled: it runs again
        boolean again = running.periodic && thrown == null && !running.resultSet
                && !((Future<?>) running.object).isDone();
        if (again) {
            endRun(running, state);
            return;
        }
        if (!running.task.claimEnd() || !endEvents.isEnabled() || state.busy) {
            return;
        }
        state.busy = true;
        try {
            TaskEndEvent event = new TaskEndEvent();
            event.task = running.task.id;
            outcome(event, running, thrown);
            event.seq = state.takeSeq(); // a mark among the call records
            event.commit();
        } finally {
            state.busy = false;
            if (running.object == Thread.currentThread()) {
                tracer.flush(state); // the thread's run ends: its last calls must not wait for a flush
            }
        }
    }

    /**
     * One run of a periodic task ended and it runs again. The run's end is committed while the task still counts
     * as running, so that a cancel meanwhile records nothing; only then may a canceller end it, and a cancel that
     * came during the commit is recorded here, after the run's end.
     */
    private void endRun(Running running, ThreadState state) {
        if (endEvents.isEnabled() && !state.busy) {
            state.busy = true;
            try {
                TaskEndEvent event = new TaskEndEvent();
                event.task = running.task.id;
                event.outcome = TaskEndEvent.RUN;
                event.seq = state.takeSeq(); // a mark among the call records
                event.commit();
            } finally {
                state.busy = false;
            }
        }
        running.task.claimRunEnd();
        if (((Future<?>) running.object).isDone()) {
            cancelled(running.object, true); // cancelled during the run: the canceller could not end it yet
        }
    }

    private void outcome(TaskEndEvent event, Running running, Throwable thrown) {
        Object task = running.object;
        Object result = null;
        Throwable failure = thrown;
        boolean cancelled = false;
        if (task instanceof Future && ((Future<?>) task).isCancelled()
                && (!running.cancelledItself || running.periodic)) { // a periodic one stops its schedule
            cancelled = true;
        } else if (running.resultSet) {
            result = running.result;
            failure = running.thrown;
        } else if (task instanceof ForkJoinTask && failure == null) {
            ForkJoinTask<?> fj = (ForkJoinTask<?>) task;
            if (fj.isCompletedAbnormally()) {
                failure = fj.getException();
            } else if (fj instanceof RecursiveTask && fj.isDone()) {
                result = fj.getRawResult();
            }
        }
        if (cancelled) {
            event.outcome = TaskEndEvent.CANCELLED;
        } else if (failure != null) {
            event.outcome = TaskEndEvent.EXCEPTION;
            event.exception = failure.getClass().getName();
            event.message = renderer.renderMessage(failure);
        } else {
            event.outcome = TaskEndEvent.VALUE;
            if (result != null && renderer.recordsValues()) {
                event.result = renderer.render(result);
            }
        }
    }

    /**
     * {@code cancel} returned: a task cancelled before it started ends here, on the cancelling thread; one that
     * cancels itself while it runs ends as its code does.
     */
    public void cancelled(Object task, boolean cancelled) {
        TaskInfo info = cancelled ? registry.get(task) : null;
        if (info == null) {
            return;
        }
        ThreadState state = tracer.state();
        Running running = state.running;
        if (running != null && (running.object == task || running.task == info)) {
            running.cancelledItself = true;
            return;
        }
        if (!info.claimCancelBeforeStart() || !endEvents.isEnabled() || state.busy) {
            return;
        }
        state.busy = true;
        try {
            TaskEndEvent event = new TaskEndEvent();
            event.task = info.id;
            event.outcome = TaskEndEvent.CANCELLED;
            event.seq = state.takeSeq(); // a mark among the call records
            event.commit();
        } finally {
            state.busy = false;
        }
    }

    // ---- joins

    /** A thread begins to wait for a task object; returns what {@link #exitJoin} needs, or null. */
    public Object enterJoin(Object task, String kind) {
        TaskInfo info = registry.get(task);
        if (info == null) {
            TaskGroup group = groups.get(task);
            return group == null ? null : enterGroupJoin(group, kind);
        }
        if (!joinEvents.isEnabled()) {
            return null;
        }
        ThreadState state = tracer.state();
        if (state.joining || state.busy) {
            return null;
        }
        state.joining = true;
        TaskJoinEvent event = new TaskJoinEvent();
        event.task = info.id;
        event.kind = kind;
        event.begin();
        return event;
    }

    /** The wait begun by {@link #enterJoin} ended, by returning or by throwing. */
    public void exitJoin(Object join, Object task) {
        if (join instanceof GroupJoin) {
            exitGroupJoin((GroupJoin) join, task);
            return;
        }
        if (!(join instanceof TaskJoinEvent)) {
            return;
        }
        ThreadState state = tracer.state();
        state.joining = false;
        if (state.busy) {
            return;
        }
        state.busy = true;
        try {
            TaskJoinEvent event = (TaskJoinEvent) join;
            event.end();
            event.completed = isComplete(task, event.task);
            event.seq = state.takeSeq(); // a mark among the call records
            Tracer.describe(state);
            event.commit();
        } finally {
            state.busy = false;
        }
    }

    /** Whether the task object awaited is complete; a Subtask by the end of its task. */
    private boolean isComplete(Object task, long id) {
        if (task instanceof Future) {
            return ((Future<?>) task).isDone();
        }
        if (task instanceof Thread) {
            return !((Thread) task).isAlive();
        }
        TaskInfo info = registry.get(task);
        return info != null && info.id == id && info.isEnded();
    }

    /** A wait for a combined future or a scope: one join per task it covers, begun together. */
    private static final class GroupJoin {
        final TaskGroup group;
        final TaskGroup.Member[] members;
        final TaskJoinEvent[] events;

        GroupJoin(TaskGroup group, TaskGroup.Member[] members, TaskJoinEvent[] events) {
            this.group = group;
            this.members = members;
            this.events = events;
        }
    }

    private Object enterGroupJoin(TaskGroup group, String kind) {
        if (!joinEvents.isEnabled()) {
            return null;
        }
        ThreadState state = tracer.state();
        if (state.joining || state.busy) {
            return null;
        }
        TaskGroup.Member[] members = group.members();
        TaskJoinEvent[] events = new TaskJoinEvent[members.length];
        String joinKind = group.joinKind(kind);
        for (int i = 0; i < members.length; i++) {
            TaskJoinEvent event = new TaskJoinEvent();
            event.task = members[i].task.id;
            event.kind = joinKind;
            event.begin();
            events[i] = event;
        }
        state.joining = true;
        return new GroupJoin(group, members, events);
    }

    /**
     * The wait for a combined future or scope ended: a join of each task it covers (allOf, a scope), or of the one
     * whose outcome completed it (anyOf; all of them, not completed, when the wait gave up).
     */
    private void exitGroupJoin(GroupJoin join, Object combined) {
        ThreadState state = tracer.state();
        state.joining = false;
        if (state.busy) {
            return;
        }
        boolean done = !(combined instanceof Future) || ((Future<?>) combined).isDone();
        int winner = done && join.group.waitsForAny() ? winner(join.members, combined) : -1;
        state.busy = true;
        try {
            for (int i = 0; i < join.events.length; i++) {
                if (winner >= 0 && i != winner) {
                    continue;
                }
                TaskJoinEvent event = join.events[i];
                event.end();
                event.completed = combined instanceof Future ? done : join.members[i].task.isEnded();
                event.seq = state.takeSeq(); // a mark among the call records
                Tracer.describe(state);
                event.commit();
            }
        } finally {
            state.busy = false;
        }
    }

    /** The member of an anyOf whose outcome is the combined future's: the same value, or the same exception. */
    private static int winner(TaskGroup.Member[] members, Object combined) {
        Object outcome = outcomeKey(combined);
        int firstDone = -1;
        for (int i = 0; i < members.length; i++) {
            Object future = members[i].future.get();
            if (isDone(future)) {
                if (outcomeKey(future) == outcome) {
                    return i;
                }
                firstDone = firstDone < 0 ? i : firstDone;
            }
        }
        return firstDone;
    }

    /** The value of a complete CompletableFuture, or the exception it failed with (unwrapped). */
    private static Object outcomeKey(Object future) {
        try {
            return ((CompletableFuture<?>) future).getNow(null);
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ---- checkpoints

    @Override
    public void checkpoint(String kind, String label) {
        if (closed || !checkpointEvents.isEnabled()) {
            return;
        }
        ThreadState state = tracer.state();
        if (state.busy) {
            return;
        }
        state.busy = true;
        try {
            Tracer.describe(state);
            CheckpointEvent event = new CheckpointEvent();
            event.label = label;
            event.kind = kind;
            event.task = state.running == null ? 0 : state.running.task.id;
            event.seq = state.takeSeq(); // a mark among the call records
            event.commit();
        } finally {
            state.busy = false;
        }
    }

    // ---- keeping what users see of executors unchanged

    /** The Runnables shutdownNow() returns: the program's own, not our wrappers. */
    public static void unwrap(List<Runnable> tasks) {
        if (tasks == null) {
            return;
        }
        for (ListIterator<Runnable> it = tasks.listIterator(); it.hasNext(); ) {
            Runnable task = it.next();
            if (task instanceof TracedRunnable) {
                it.set(((TracedRunnable) task).delegate());
            }
        }
    }

    /** What {@code ThreadPoolExecutor.remove(task)} must look for: our wrapper around the program's task. */
    public static Runnable queued(Object executor, Runnable task) {
        if (executor instanceof ThreadPoolExecutor && task != null && !(task instanceof TracedRunnable)) {
            for (Runnable queued : ((ThreadPoolExecutor) executor).getQueue()) {
                if (queued instanceof TracedRunnable && ((TracedRunnable) queued).delegate() == task) {
                    return queued;
                }
            }
        }
        return task;
    }

    /** {@code Shop$$Lambda@1b6d3586}, {@code ThreadPoolExecutor@6d06d69c}, {@code Thread#31 "loader"}. */
    static String describe(Object object) {
        if (object == null) {
            return null;
        }
        if (object instanceof Thread) {
            Thread thread = (Thread) object;
            String name = thread.getName();
            @SuppressWarnings("deprecation") // threadId() is JDK 19+
            long id = thread.getId();
            return simpleName(object.getClass()) + "#" + id + (name.isEmpty() ? "" : " \"" + name + "\"");
        }
        return simpleName(object.getClass()) + "@" + Integer.toHexString(System.identityHashCode(object));
    }

    private static String simpleName(Class<?> type) {
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            name = name.substring(0, lambda + "$$Lambda".length());
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
