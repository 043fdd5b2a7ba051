package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A thread waited for a task's outcome (join, get, Thread.join, StructuredTaskScope.join); the event's duration is
 * how long it waited. Committed when the wait ends, with the waiting thread's stack trace: the join site.
 */
@Name(TaskJoinEvent.NAME)
@Label("Task Join")
@Category("FlowTrace")
@Description("A thread waited for a task's outcome")
@StackTrace(true) // where the result was awaited
@Enabled(false) // only FlowTrace's own recording turns it on
public final class TaskJoinEvent extends Event {
    public static final String NAME = "flowtrace.TaskJoin";

    @Label("Task")
    @Description("Id of the task waited for")
    @TaskId
    public long task;

    @Label("Kind")
    @Description("How it was awaited, e.g. join, get, threadJoin, invokeAll, scopeJoin")
    public String kind;

    @Label("Completed")
    @Description("True when the task had completed when the wait ended (false: timed out or interrupted)")
    public boolean completed;

    @Label("Sequence")
    @Description("Per-thread sequence number of this event in the waiting thread's FlowTrace events")
    public long seq;
}
