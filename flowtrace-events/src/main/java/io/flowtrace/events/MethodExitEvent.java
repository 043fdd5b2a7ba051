package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A traced method returned or threw on the event's thread. */
@Name(MethodExitEvent.NAME)
@Label("Method Exit")
@Category("FlowTrace")
@Description("A traced method returned or threw")
@StackTrace(false) // the call tree is the stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class MethodExitEvent extends Event {
    public static final String NAME = "flowtrace.MethodExit";

    @Label("Method")
    @Description("Id of the method, defined by a flowtrace.MethodDefinition event")
    @MethodId
    public int method;

    @Label("Sequence")
    @Description("Per-thread sequence number that orders this thread's FlowTrace events")
    public long seq;

    @Label("Result")
    @Description("Rendered return value; null for void methods, for a throw, and when values are not recorded")
    public String result;

    @Label("Thrown")
    @Description("True when the call ended by throwing an exception out of the method")
    public boolean thrown;

    @Label("Exception")
    @Description("Class name of the exception that escaped the call, if it threw")
    public String exception;

    @Label("Message")
    @Description("Rendered message of the exception that escaped the call, if it threw")
    public String message;
}
