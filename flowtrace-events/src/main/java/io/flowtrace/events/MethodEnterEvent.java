package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A traced method was entered on the event's thread. */
@Name(MethodEnterEvent.NAME)
@Label("Method Enter")
@Category("FlowTrace")
@Description("A traced method was entered")
@StackTrace(false) // the call tree is the stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class MethodEnterEvent extends Event {
    public static final String NAME = "flowtrace.MethodEnter";

    @Label("Method")
    @Description("Id of the method, defined by a flowtrace.MethodDefinition event")
    @MethodId
    public int method;

    @Label("Sequence")
    @Description("Per-thread sequence number that orders this thread's FlowTrace events")
    public long seq;

    @Label("Arguments")
    @Description("Rendered argument values, separated by U+001F; null when values are not recorded")
    public String arguments;
}
