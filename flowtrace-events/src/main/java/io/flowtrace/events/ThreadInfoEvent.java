package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Describes the event's thread; emitted before the thread's first traced call, because the JFR thread constants
 * do not tell every reader whether a thread is virtual.
 */
@Name(ThreadInfoEvent.NAME)
@Label("Thread Info")
@Category("FlowTrace")
@Description("The thread that runs traced calls")
@StackTrace(false)
@Enabled(false) // only FlowTrace's own recording turns it on
public final class ThreadInfoEvent extends Event {
    public static final String NAME = "flowtrace.ThreadInfo";

    @Label("Virtual")
    @Description("True for a virtual thread")
    public boolean virtual;
}
