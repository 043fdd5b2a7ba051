package io.flowtrace.recorder.async;

import java.util.Locale;

/** Groups of async instrumentation, named as in the agent option {@code disable=executors|forkjoin|...}. */
public enum AsyncGroup {
    /** Executor.execute, ExecutorService.submit/invokeAll/invokeAny, schedule* (each periodic run), FutureTask. */
    EXECUTORS,
    /** ForkJoinTask.fork/invoke/join and ForkJoinPool (parallel streams too). */
    FORKJOIN,
    /** CompletableFuture's *Async methods and dependent stages (thenApply...), allOf/anyOf, join and get. */
    COMPLETABLEFUTURE,
    /** Thread.start/run/join, platform and virtual. */
    THREADS,
    /** StructuredTaskScope fork, join and Subtask.get (JDK 21+ preview). */
    STRUCTURED;

    /** The name in the option, e.g. {@code forkjoin}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group of that option name; IllegalArgumentException when there is none. */
    public static AsyncGroup ofOptionName(String name) {
        for (AsyncGroup group : values()) {
            if (group.optionName().equals(name)) {
                return group;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
