package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Work was handed off to run elsewhere (an executor, a pool, a new thread, a dependent stage). Committed on the
 * forking thread, with its stack trace: the fork site.
 */
@Name(TaskForkEvent.NAME)
@Label("Task Fork")
@Category("FlowTrace")
@Description("Work was handed off to run on another thread or later")
@StackTrace(true) // where the task was created: the fork site users ask for
@Enabled(false) // only FlowTrace's own recording turns it on
public final class TaskForkEvent extends Event {
    public static final String NAME = "flowtrace.TaskFork";

    @Label("Task")
    @Description("Id of the new task, unique in the recording")
    @TaskId
    public long task;

    @Label("Parent Task")
    @Description("Task the forking thread was running, or 0 when it ran none")
    @TaskId
    public long parentTask;

    @Label("Source")
    @Description("Task whose outcome this dependent stage consumes (a CompletableFuture's thenApply, thenCombine, "
            + "...), or 0 when it has none or its source is no task")
    @TaskId
    public long source;

    @Label("Other Source")
    @Description("The second source of a stage that combines two (thenCombine, applyToEither, ...), or 0")
    @TaskId
    public long otherSource;

    @Label("Kind")
    @Description("How the work was handed off, e.g. execute, submit, schedule, fork, supplyAsync, thenApply, "
            + "thread, virtualThread, structuredFork")
    public String kind;

    @Label("Executor")
    @Description("Where it was handed to: the rendered executor, pool or thread, e.g. ThreadPoolExecutor@1b6d3586")
    public String executor;

    @Label("Task Object")
    @Description("The rendered task object (Runnable, Callable, lambda), by class and identity")
    public String taskObject;

    @Label("Sequence")
    @Description("Per-thread sequence number of this event in the forking thread's FlowTrace events")
    public long seq;
}
