package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task finished: on the thread that ran it, or, for a task cancelled before it started, on the cancelling thread.
 */
@Name(TaskEndEvent.NAME)
@Label("Task End")
@Category("FlowTrace")
@Description("A forked task finished, failed or was cancelled")
@StackTrace(false) // the call tree is the stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class TaskEndEvent extends Event {
    public static final String NAME = "flowtrace.TaskEnd";

    /** {@link #outcome} of a task that completed with a value (or normally, for a Runnable). */
    public static final String VALUE = "value";
    /** {@link #outcome} of a task that ended with an exception. */
    public static final String EXCEPTION = "exception";
    /** {@link #outcome} of a task that was cancelled. */
    public static final String CANCELLED = "cancelled";
    /**
     * {@link #outcome} of one run of a periodic task (scheduleAtFixedRate, scheduleWithFixedDelay) that ended
     * normally: the task waits for its next run, whose start and end follow; its last end has another outcome.
     */
    public static final String RUN = "run";

    @Label("Task")
    @Description("Id of the task, as in its flowtrace.TaskFork")
    @TaskId
    public long task;

    @Label("Outcome")
    @Description("value, exception, cancelled, or run (one run of a periodic task ended, it runs again)")
    public String outcome;

    @Label("Result")
    @Description("Rendered result value, when the task produced one and values are recorded")
    public String result;

    @Label("Exception")
    @Description("Class name of the exception the task ended with")
    public String exception;

    @Label("Message")
    @Description("Rendered (quoted) message of that exception")
    public String message;

    @Label("Sequence")
    @Description("Per-thread sequence number of this event in the event thread's FlowTrace events")
    public long seq;
}
