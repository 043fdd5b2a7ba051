package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A forked task began to run on the event's thread. */
@Name(TaskStartEvent.NAME)
@Label("Task Start")
@Category("FlowTrace")
@Description("A forked task began to run")
@StackTrace(false) // the call tree is the stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class TaskStartEvent extends Event {
    public static final String NAME = "flowtrace.TaskStart";

    @Label("Task")
    @Description("Id of the task, as in its flowtrace.TaskFork")
    @TaskId
    public long task;

    @Label("Sequence")
    @Description("Per-thread sequence number of this event in the running thread's FlowTrace events")
    public long seq;

    @Label("Owner Thread Id")
    @Description("Java thread id of the thread running the task when another thread committed the event (a task "
            + "found running when flowtrace attach detached); 0 when the event thread runs it")
    public long ownerThreadId;

    @Label("Owner Thread Name")
    @Description("Name of the thread running the task when another thread committed the event; null otherwise")
    public String ownerThreadName;
}
