package io.flowtrace.recorder.runtime;

/**
 * What an executor queues instead of a plain Runnable, so that its start and end are recorded wherever it runs:
 * lambdas cannot be retransformed, and user executors run tasks in code we do not know. toString is the task's;
 * ThreadPoolExecutor's shutdownNow() and remove(task) see through it. Its {@code run} is a hidden frame, as the
 * JDK's own lambda forms are: the program's stack traces (Throwable, StackWalker, the current thread's) stay the
 * same as without FlowTrace; other threads' views are mended by {@code ThreadStackInstrumentation}.
 */
public final class TracedRunnable implements Runnable {
    private final Runnable delegate;
    private final TaskInfo task;
    private final TaskTracer tracer;

    TracedRunnable(Runnable delegate, TaskInfo task, TaskTracer tracer) {
        this.delegate = delegate;
        this.task = task;
        this.tracer = tracer;
    }

    /** The program's own task. */
    public Runnable delegate() {
        return delegate;
    }

    // honoured by the JVM only in classes of the boot or platform loader: the agent jar is on the boot class path
    @jdk.internal.vm.annotation.Hidden
    @Override
    public void run() {
        Object running = TaskHooks.start(tracer, task, delegate);
        Throwable thrown = null;
        try {
            delegate.run();
        } catch (Throwable failure) {
            thrown = failure;
            throw failure;
        } finally {
            TaskHooks.end(tracer, running, thrown);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
