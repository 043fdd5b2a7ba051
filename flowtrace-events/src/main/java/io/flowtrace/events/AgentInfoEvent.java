package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** How the FlowTrace agent was configured in the recorded JVM; emitted at the start of every chunk. */
@Name(AgentInfoEvent.NAME)
@Label("FlowTrace Agent")
@Category("FlowTrace")
@Description("Configuration of the FlowTrace agent that made this recording")
@StackTrace(false)
@Enabled(false) // only FlowTrace's own recording turns it on
public final class AgentInfoEvent extends Event {
    public static final String NAME = "flowtrace.AgentInfo";

    @Label("Version")
    @Description("FlowTrace version of the agent")
    public String version;

    @Label("Includes")
    @Description("Include patterns, separated by commas; empty for the default (the application's own classes)")
    public String includes;

    @Label("Excludes")
    @Description("Exclude patterns, separated by commas")
    public String excludes;

    @Label("Values")
    @Description("How values were rendered: safe, tostring or none")
    public String values;

    @Label("Command")
    @Description("The Java command line of the recorded JVM (sun.java.command)")
    public String command;
}
