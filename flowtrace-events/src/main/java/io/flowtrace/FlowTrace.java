package io.flowtrace;

import java.util.Objects;

/**
 * Checkpoints: marks a program can leave in its FlowTrace recording, shown at their place in the call tree and,
 * with their async stack, by {@code flowtrace tasks}. Without the FlowTrace agent every method here returns at once.
 *
 * <pre>{@code
 * FlowTrace.beforeAwait("db query");
 * rows = query.get();
 * FlowTrace.afterAwait("db query");   // missing in the recording: the program hung in between
 * }</pre>
 */
public final class FlowTrace {
    /** Receives checkpoints; installed by the FlowTrace agent. */
    public interface Recorder {
        /**
         * Records a checkpoint on the calling thread.
         *
         * @param kind  one of {@code point}, {@code beforeAwait}, {@code afterAwait}
         * @param label the program's text
         */
        void checkpoint(String kind, String label);
    }

    private static volatile Recorder recorder;

    private FlowTrace() {
    }

    /** Marks that the program got here. */
    public static void checkpoint(String label) {
        Recorder r = recorder;
        if (r != null) {
            r.checkpoint("point", label);
        }
    }

    /** Marks that the program is about to wait for {@code label}; pair it with {@link #afterAwait(String)}. */
    public static void beforeAwait(String label) {
        Recorder r = recorder;
        if (r != null) {
            r.checkpoint("beforeAwait", label);
        }
    }

    /** Marks that the wait announced by {@link #beforeAwait(String)} with the same label is over. */
    public static void afterAwait(String label) {
        Recorder r = recorder;
        if (r != null) {
            r.checkpoint("afterAwait", label);
        }
    }

    /** Called by the FlowTrace agent when it starts recording; programs do not call it. */
    public static void install(Recorder agent) {
        recorder = Objects.requireNonNull(agent, "agent");
    }
}
