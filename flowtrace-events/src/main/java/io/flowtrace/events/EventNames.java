package io.flowtrace.events;

import java.util.List;

/** Names shared by the recorder that writes FlowTrace events and the analyzer that reads them. */
public final class EventNames {
    /** Separates rendered argument values in {@link MethodEnterEvent#arguments}. */
    public static final char ARGUMENT_SEPARATOR = '\u001F';

    /** Every FlowTrace event type, in the order a recording should enable them. */
    public static final List<Class<? extends jdk.jfr.Event>> ALL = List.of(
            AgentInfoEvent.class, MethodDefinitionEvent.class, ThreadInfoEvent.class, CallBatchEvent.class,
            MethodEnterEvent.class, MethodExitEvent.class, TaskForkEvent.class, TaskStartEvent.class, TaskEndEvent.class, TaskJoinEvent.class,
            CheckpointEvent.class);

    /**
     * The event types the recorder writes: all but the per-call events that call batches replaced, which stay in
     * {@link #ALL} so that older recordings can be read and scrubbed. Each type registered costs the start of every
     * traced JVM (JFR instruments its class then, and again when the recording stops).
     */
    public static final List<Class<? extends jdk.jfr.Event>> RECORDED = ALL.stream()
            .filter(type -> type != MethodEnterEvent.class && type != MethodExitEvent.class).toList();

    private EventNames() {
    }
}
