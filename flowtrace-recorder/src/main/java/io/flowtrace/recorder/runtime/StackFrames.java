package io.flowtrace.recorder.runtime;

/** The stack a program sees, without the frames of FlowTrace's task wrapper. */
final class StackFrames {
    private static final String WRAPPER = TracedRunnable.class.getName();

    private StackFrames() {
    }

    /** The frames without {@link TracedRunnable}'s; the same array when it has none. */
    static StackTraceElement[] withoutWrappers(StackTraceElement[] frames) {
        if (frames == null) {
            return null;
        }
        int wrappers = 0;
        for (StackTraceElement frame : frames) {
            if (WRAPPER.equals(frame.getClassName())) {
                wrappers++;
            }
        }
        if (wrappers == 0) {
            return frames;
        }
        StackTraceElement[] kept = new StackTraceElement[frames.length - wrappers];
        int at = 0;
        for (StackTraceElement frame : frames) {
            if (!WRAPPER.equals(frame.getClassName())) {
                kept[at++] = frame;
            }
        }
        return kept;
    }
}
