package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The program passed a {@link io.flowtrace.FlowTrace#checkpoint(String) checkpoint}. */
@Name(CheckpointEvent.NAME)
@Label("Checkpoint")
@Category("FlowTrace")
@Description("The program passed a FlowTrace checkpoint")
@StackTrace(false) // the call tree and the chain of forks are its stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class CheckpointEvent extends Event {
    public static final String NAME = "flowtrace.Checkpoint";

    /** {@link #kind} of {@link io.flowtrace.FlowTrace#checkpoint(String)}. */
    public static final String POINT = "point";
    /** {@link #kind} of {@link io.flowtrace.FlowTrace#beforeAwait(String)}. */
    public static final String BEFORE_AWAIT = "beforeAwait";
    /** {@link #kind} of {@link io.flowtrace.FlowTrace#afterAwait(String)}. */
    public static final String AFTER_AWAIT = "afterAwait";

    @Label("Label")
    @Description("The text the program gave")
    public String label;

    @Label("Kind")
    @Description("point, beforeAwait or afterAwait")
    public String kind;

    @Label("Task")
    @Description("Task the thread was running, or 0")
    @TaskId
    public long task;

    @Label("Sequence")
    @Description("Per-thread sequence number of this event in the thread's FlowTrace events")
    public long seq;
}
