package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Defines a method id used by {@link MethodEnterEvent} and {@link MethodExitEvent}.
 * Emitted when the method is instrumented and again at the start of every chunk, so that a chunk read on its
 * own, or left after older chunks were rotated out, still names its methods.
 */
@Name(MethodDefinitionEvent.NAME)
@Label("Method Definition")
@Category("FlowTrace")
@Description("Names a traced method id")
@StackTrace(false)
@Enabled(false) // only FlowTrace's own recording turns it on
public final class MethodDefinitionEvent extends Event {
    public static final String NAME = "flowtrace.MethodDefinition";

    @Label("Method")
    @Description("The id that method events refer to")
    @MethodId
    public int id;

    @Label("Class")
    @Description("Binary name of the declaring class, e.g. com.acme.Shop$Cart")
    public String type;

    @Label("Name")
    @Description("Method name; <init> for a constructor, <clinit> for a static initializer")
    public String name;

    @Label("Descriptor")
    @Description("JVM method descriptor, e.g. (ILjava/lang/String;)V")
    public String descriptor;

    @Label("Parameter Names")
    @Description("Parameter names separated by commas, when the class file has them; null otherwise")
    public String parameterNames;

    @Label("Modifiers")
    @Description("Access flags of the method as in java.lang.reflect.Modifier")
    public int modifiers;
}
