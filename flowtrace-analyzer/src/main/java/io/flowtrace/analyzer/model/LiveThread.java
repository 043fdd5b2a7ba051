package io.flowtrace.analyzer.model;

import java.util.List;

/**
 * A thread as JFR's {@code jdk.ThreadDump} saw it in the last dump of the recording (taken when the recording
 * ended, or by {@code flowtrace dump}): where it was blocked right then. Only platform threads are in such a dump.
 *
 * @param name         thread name
 * @param javaThreadId {@link Thread#threadId()}, or -1 when the dump did not say
 * @param state        e.g. {@code WAITING (parking)}, or an empty string
 * @param frames       the live stack, innermost frame first
 */
public record LiveThread(String name, long javaThreadId, String state, List<StackFrame> frames) {
    public LiveThread {
        frames = List.copyOf(frames);
    }

    /**
     * Whether the thread is a pool worker waiting for its next piece of work: in {@code getTask} of a
     * ThreadPoolExecutor (the JDK's, Tomcat's copy, subclasses), in ForkJoinPool's {@code awaitWork}, or in Jetty's
     * {@code QueuedThreadPool} idle poll.
     */
    public boolean isIdlePoolWorker() {
        for (StackFrame f : frames) {
            String type = f.className();
            String method = f.methodName();
            if (method.equals("getTask") && type.endsWith("ThreadPoolExecutor")
                    || method.equals("awaitWork") && type.equals("java.util.concurrent.ForkJoinPool")
                    || method.equals("idleJobPoll") && type.startsWith("org.eclipse.jetty.util.thread.QueuedThreadPool")) {
                return true;
            }
        }
        return false;
    }
}
