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
}
