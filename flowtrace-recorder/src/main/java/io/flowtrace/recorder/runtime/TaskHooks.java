package io.flowtrace.recorder.runtime;

import java.util.List;

/**
 * What the instrumented JDK concurrency classes (and user executors) call; each advice body is one call into
 * here. Like {@link Hooks} on the bootstrap class path; every method does nothing until {@link #install} and
 * never throws into the JDK code it was called from.
 */
public final class TaskHooks {
    private static volatile TaskTracer tracer;

    private TaskHooks() {
    }

    /** Starts sending hand-offs to {@code active}; null stops. */
    public static void install(TaskTracer active) {
        tracer = active;
    }

    /** Entering a fork API call (submit, schedule, invokeAll, supplyAsync...); the frame goes to the exit. */
    public static Object enter(String kind, Object executor) {
        TaskTracer active = tracer;
        try {
            return active == null ? null : active.enterFrame(kind, executor);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Entering a schedule call; null (nothing to do) for the JDK's own timers, e.g. a virtual thread's wake-up. */
    public static Object enterSchedule(String kind, Object executor, Object task) {
        TaskTracer active = tracer;
        try {
            return active == null || task instanceof Runnable && TaskTracer.isJdkInternal((Runnable) task) ? null
                    : active.enterFrame(kind, executor);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Entering a call that forks {@code task} itself (ForkJoinTask.fork, Thread.start, ForkJoinPool.execute). */
    public static Object enterFork(String kind, Object executor, Object task) {
        TaskTracer active = tracer;
        try {
            if (active == null) {
                return null;
            }
            Object frame = active.enterFrame(kind, executor);
            active.fork(frame, task, false);
            return frame;
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * Entering an internal method that queues {@code task}: forks it only inside a fork API call that has not
     * forked yet (e.g. ForkJoinPool.submit(Callable) queueing its adapter).
     */
    public static Object enterQueue(Object task) {
        TaskTracer active = tracer;
        try {
            if (active == null) {
                return null;
            }
            return active.enterQueue(task);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Leaving any of the calls above; {@code returned} (a Future...) is linked to the task forked in it. */
    public static void exit(Object frame, Object returned) {
        TaskTracer active = tracer;
        if (active != null && frame != null) {
            try {
                active.exitFrame(frame, returned);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** Entering Executor.execute(task); null (nothing to do) for the JDK's own Runnables. */
    public static Object enterExecute(Object executor, Runnable task) {
        TaskTracer active = tracer;
        try {
            return active == null || TaskTracer.isJdkInternal(task) ? null : active.enterFrame("execute", executor);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Executor.execute(task) entered under {@code frame}: returns the Runnable the executor should get. */
    public static Runnable execute(Object frame, Runnable task) {
        TaskTracer active = tracer;
        try {
            return active == null || frame == null ? task : active.execute(frame, task);
        } catch (Throwable e) {
            return task;
        }
    }

    /** A CompletableFuture stage (UniCompletion) was made to run later, on {@code executor} or (null) in place. */
    public static void completion(Object completion, Object executor) {
        TaskTracer active = tracer;
        if (active != null) {
            try {
                active.completion(completion, executor);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /**
     * Entering a dependent stage method of CompletableFuture {@code source} (thenApply, thenCombine, ...Async);
     * {@code sourceResult} is its result field (null while incomplete), {@code other} the second stage or null.
     */
    public static Object enterStage(String kind, Object source, Object sourceResult, Object other, Object function) {
        TaskTracer active = tracer;
        try {
            return active == null ? null : active.enterStage(kind, source, other, function, sourceResult != null);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Leaving the stage method {@link #enterStage} entered; it returned {@code returned} or threw. */
    public static void exitStage(Object frame, Object returned, Throwable thrown) {
        TaskTracer active = tracer;
        if (active != null && frame != null) {
            try {
                active.exitStage(frame, returned, thrown);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** A stage's completion tried to claim its run (UniCompletion.claim); {@code claimed}: it runs here, now. */
    public static void stageClaimed(Object completion, boolean claimed) {
        TaskTracer active = tracer;
        if (active != null && claimed) {
            try {
                active.stageClaimed(completion);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /**
     * A stage's completion returned from tryFire; it fired (ran, or took its source's failure over) when its
     * dependent future, {@code dependentBefore} on entry, is {@code dependentAfter == null} now.
     */
    public static void stageFired(Object completion, Object dependentBefore, Object dependentAfter) {
        TaskTracer active = tracer;
        if (active != null && dependentBefore != null && dependentAfter == null) {
            try {
                active.stageFired(completion, dependentBefore);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** CompletableFuture.allOf/anyOf ({@code kind}) returned {@code combined} for {@code parts}. */
    public static void combined(String kind, Object combined, Object[] parts) {
        TaskTracer active = tracer;
        if (active != null) {
            try {
                active.combined(kind, combined, parts);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** One run of a periodic task begins (FutureTask.runAndReset); {@link #end} ends it. */
    public static Object startRun(Object task) {
        TaskTracer active = tracer;
        try {
            return active == null ? null : active.startRun(task);
        } catch (Throwable e) {
            return null;
        }
    }

    /** A task object's own run method begins on this thread (FutureTask.run, ForkJoinTask.doExec, Thread.run). */
    public static Object start(Object task) {
        TaskTracer active = tracer;
        try {
            return active == null ? null : active.start(task);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Start of a wrapped Runnable. */
    static Object start(TaskTracer active, TaskInfo info, Object task) {
        try {
            return active.isClosed() ? null : active.start(info, task);
        } catch (Throwable e) {
            return null;
        }
    }

    /** The run method that {@link #start} saw begin has returned or thrown. */
    public static void end(Object running, Throwable thrown) {
        TaskTracer active = tracer;
        if (active != null && running != null) {
            try {
                active.end(running, thrown);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** End of a wrapped Runnable. */
    static void end(TaskTracer active, Object running, Throwable thrown) {
        if (running != null && !active.isClosed()) {
            try {
                active.end(running, thrown);
            } catch (Throwable e) {
                // never into the program's task
            }
        }
    }

    /** FutureTask.set / setException. */
    public static void result(Object future, Object value, Throwable exception) {
        TaskTracer active = tracer;
        if (active != null) {
            try {
                active.result(future, value, exception);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** A CompletableFuture or FutureTask was constructed. */
    public static void stageMade(Object future) {
        TaskTracer active = tracer;
        if (active != null) {
            try {
                active.stageMade(future);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** CompletableFuture.completeValue / completeNull / completeThrowable (internal, used by its stages). */
    public static void stageResult(Object future, Object value, Throwable exception) {
        TaskTracer active = tracer;
        if (active != null) {
            try {
                active.stageResult(future, value, exception);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** Future.cancel returned {@code cancelled}. */
    public static void cancelled(Object task, boolean cancelled) {
        TaskTracer active = tracer;
        if (active != null && cancelled) {
            try {
                active.cancelled(task, true);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** A wait for {@code task} begins (join, get, Thread.join). */
    public static Object enterJoin(Object task, String kind) {
        TaskTracer active = tracer;
        try {
            return active == null ? null : active.enterJoin(task, kind);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * ForkJoinTask.invoke() and ForkJoinPool.invoke(task): forks the task (run right here, or by the pool) and
     * begins the wait for it; the call stays a frame, so the pool's own work inside (a new worker) forks nothing.
     */
    public static Object enterInvoke(Object executor, Object task) {
        TaskTracer active = tracer;
        try {
            if (active == null) {
                return null;
            }
            Object frame = active.enterFrame("invoke", executor);
            active.fork(frame, task, false);
            return new Object[] {frame, active.enterJoin(task, "invoke")};
        } catch (Throwable e) {
            return null;
        }
    }

    /** The invoke begun by {@link #enterInvoke} returned or threw. */
    public static void exitInvoke(Object invocation, Object task) {
        TaskTracer active = tracer;
        if (active != null && invocation instanceof Object[]) {
            Object[] parts = (Object[]) invocation;
            try {
                active.exitJoin(parts[1], task);
            } catch (Throwable e) {
                // never into JDK code
            } finally {
                active.exitFrame(parts[0], null);
            }
        }
    }

    /** The wait begun by {@link #enterJoin} is over. */
    public static void exitJoin(Object join, Object task) {
        TaskTracer active = tracer;
        if (active != null && join != null) {
            try {
                active.exitJoin(join, task);
            } catch (Throwable e) {
                // never into JDK code
            }
        }
    }

    /** ThreadPoolExecutor.shutdownNow(): hands back the program's Runnables, not our wrappers. */
    public static void unwrap(List<Runnable> tasks) {
        try {
            TaskTracer.unwrap(tasks);
        } catch (Throwable e) {
            // the list stays as it is
        }
    }

    /** ThreadPoolExecutor.remove(task): the queued wrapper of the program's task, or the task. */
    public static Runnable queued(Object executor, Runnable task) {
        try {
            return TaskTracer.queued(executor, task);
        } catch (Throwable e) {
            return task;
        }
    }

    /** Thread.getStackTrace() of another thread: its frames without our wrapper's (JDK 17 shows hidden frames there). */
    public static StackTraceElement[] withoutWrappers(StackTraceElement[] frames) {
        try {
            return StackFrames.withoutWrappers(frames);
        } catch (Throwable e) {
            return frames;
        }
    }

    /** Thread.getAllStackTraces(): every thread's frames without our wrapper's. */
    public static void withoutWrappers(java.util.Map<Thread, StackTraceElement[]> stacks) {
        try {
            for (java.util.Map.Entry<Thread, StackTraceElement[]> each : stacks.entrySet()) { // no lambda in JDK code
                each.setValue(StackFrames.withoutWrappers(each.getValue()));
            }
        } catch (Throwable e) {
            // the stacks stay as they are
        }
    }
}
