package io.flowtrace.recorder.runtime;

/**
 * What an executor queues instead of a plain Runnable, so that its start and end are recorded wherever it runs:
 * lambdas cannot be retransformed, and user executors run tasks in code we do not know. toString is the task's;
 * ThreadPoolExecutor's shutdownNow() and remove(task) see through it.
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
