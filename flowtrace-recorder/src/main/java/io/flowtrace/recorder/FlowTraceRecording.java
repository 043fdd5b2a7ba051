package io.flowtrace.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.recorder.runtime.MethodInfo;
import io.flowtrace.recorder.runtime.MethodRegistry;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * The JFR recording the agent starts: FlowTrace events only, written to the output file when the JVM exits
 * (normally, by System.exit or by an uncaught exception). Method definitions and the agent info are repeated at
 * the start of every chunk, so that what is left after older chunks were dropped still names its methods.
 */
final class FlowTraceRecording {
    static final String THREAD_DUMP = "jdk.ThreadDump";

    private final Recording recording;
    private final Path output;
    private final List<Runnable> periodic;

    private FlowTraceRecording(Recording recording, Path output, List<Runnable> periodic) {
        this.recording = recording;
        this.output = output;
        this.periodic = periodic;
    }

    /** Registers the FlowTrace event types; must run before any traced method can be called. */
    static void registerEvents() throws ClassNotFoundException {
        for (Class<? extends Event> type : EventNames.RECORDED) {
            Class.forName(type.getName(), true, type.getClassLoader()); // initialized before the hooks run
            FlightRecorder.register(type);
        }
    }

    /**
     * Starts recording into {@code output}.
     *
     * @param maxSize bytes to keep, older chunks being dropped beyond it; 0 keeps everything
     * @param agentInfo the agent info event to commit at the start of every chunk
     * @param flushCalls commits the threads' buffered calls; run at the end of every chunk
     */
    static FlowTraceRecording start(Path output, long maxSize, MethodRegistry registry,
                                    Supplier<AgentInfoEvent> agentInfo, Runnable flushCalls) throws IOException {
        Files.createDirectories(output.getParent());
        if (Files.notExists(output)) {
            Files.createFile(output);
        }
        Permissions.ownerOnly(output); // JFR writes into the existing file and keeps its permissions
        Runnable definitions = () -> registry.forEach(FlowTraceRecording::define);
        Runnable info = () -> agentInfo.get().commit();
        FlightRecorder.addPeriodicEvent(MethodDefinitionEvent.class, definitions);
        FlightRecorder.addPeriodicEvent(AgentInfoEvent.class, info);
        // buffered calls of every thread, blocked or ended ones too, before a chunk (the last one too) is written
        FlightRecorder.addPeriodicEvent(CallBatchEvent.class, flushCalls);

        Recording recording = new Recording();
        recording.setName("FlowTrace");
        for (Class<? extends Event> type : EventNames.RECORDED) {
            recording.enable(type).withoutStackTrace().withThreshold(Duration.ZERO);
        }
        // the fork site and the join site: the only FlowTrace events with a stack trace
        recording.enable(TaskForkEvent.class).withStackTrace();
        recording.enable(TaskJoinEvent.class).withStackTrace();
        // where every thread is blocked right now, when the recording ends: stuck tasks show their wait
        recording.enable(THREAD_DUMP).with("period", "endChunk");
        recording.enable(MethodDefinitionEvent.class).with("period", "beginChunk");
        recording.enable(AgentInfoEvent.class).with("period", "beginChunk");
        recording.enable(CallBatchEvent.class).with("period", "endChunk");
        recording.setToDisk(true);
        recording.setMaxSize(maxSize);
        recording.setDestination(output);
        recording.setDumpOnExit(true);
        recording.start();
        return new FlowTraceRecording(recording, output, List.of(definitions, info, flushCalls));
    }

    /** Commits the definition of a method; called when it is registered and again at every chunk start. */
    static void define(MethodInfo method) {
        MethodDefinitionEvent event = new MethodDefinitionEvent();
        event.id = method.id();
        event.type = method.type();
        event.name = method.name();
        event.descriptor = method.descriptor();
        event.parameterNames = method.parameterNames();
        event.modifiers = method.modifiers();
        event.commit();
    }

    Path output() {
        return output;
    }

    /** Stops recording and drops what was recorded; for a start that failed half way. */
    void close() {
        recording.close();
        removePeriodic();
    }

    /**
     * Stops recording and writes the output (a detach): the last chunk ends with the calls still buffered and a
     * thread dump; then the periodic hooks go, so that nothing of this session runs on in the JVM.
     */
    void finish() {
        try {
            recording.stop();
        } finally {
            recording.close();
            removePeriodic();
        }
    }

    private void removePeriodic() {
        for (Runnable hook : periodic) {
            FlightRecorder.removePeriodicEvent(hook);
        }
    }

    /** Bytes the recording holds on disk so far. */
    long size() {
        return recording.getSize();
    }
}
