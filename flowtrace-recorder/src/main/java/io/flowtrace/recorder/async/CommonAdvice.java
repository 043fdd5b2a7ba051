package io.flowtrace.recorder.async;

import io.flowtrace.recorder.runtime.TaskHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice shared by several instrumentations; each body is one call into {@link TaskHooks}. */
final class CommonAdvice {
    private CommonAdvice() {
    }

    /** A fork API call of an executor (submit, invokeAll, schedule...): its kind is the method's name unless given. */
    static final class ExecutorCall {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object executor, @Kind String kind, @Advice.Origin("#m") String method) {
            return TaskHooks.enter(kind.isEmpty() ? method : kind, executor);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
            TaskHooks.exit(frame, returned);
        }
    }

    /**
     * {@code schedule}, {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}: an executor call, except for
     * the JDK's own timers (a virtual thread's timed park), which are no task of the program.
     */
    static final class ScheduleCall {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object executor, @Advice.Origin("#m") String method,
                            @Advice.Argument(0) Object task) {
            return TaskHooks.enterSchedule(method, executor, task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
            TaskHooks.exit(frame, returned);
        }
    }

    /** A fork API call whose executor is decided further in (CompletableFuture's *Async, scope fork). */
    static final class KindOnlyCall {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Kind String kind, @Advice.Origin("#m") String method) {
            return TaskHooks.enter(kind.isEmpty() ? method : kind, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
            TaskHooks.exit(frame, returned);
        }
    }

    /** A method of the task object itself that forks it (fork, invoke, start). */
    static final class ForkThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task, @Kind String kind) {
            return TaskHooks.enterFork(kind, null, task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame) {
            TaskHooks.exit(frame, null);
        }
    }

    /** A method of the task object itself that runs it (FutureTask.run, ForkJoinTask.doExec, Thread.run). */
    static final class RunThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task) {
            return TaskHooks.start(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object running, @Advice.Thrown Throwable thrown) {
            TaskHooks.end(running, thrown);
        }
    }

    /** A method of the task object that waits for it (join, get); the kind is the method's name. */
    static final class JoinThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object task, @Kind String kind, @Advice.Origin("#m") String method) {
            return TaskHooks.enterJoin(task, kind.isEmpty() ? method : kind);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object join, @Advice.This Object task) {
            TaskHooks.exitJoin(join, task);
        }
    }

    /** Future.cancel(boolean) of the task object: a task cancelled before it ran ends here. */
    static final class CancelThis {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object task, @Advice.Return boolean cancelled) {
            TaskHooks.cancelled(task, cancelled);
        }
    }

    /** An internal method that queues its first argument, a task (ForkJoinPool.externalPush, ...). */
    static final class QueueArgument0 {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object task) {
            return TaskHooks.enterQueue(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame) {
            TaskHooks.exit(frame, null);
        }
    }

    /** As {@link QueueArgument0}, for the second argument (ForkJoinPool.poolSubmit(boolean, task)). */
    static final class QueueArgument1 {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(1) Object task) {
            return TaskHooks.enterQueue(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object frame) {
            TaskHooks.exit(frame, null);
        }
    }
}
