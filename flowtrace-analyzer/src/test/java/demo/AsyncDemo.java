package demo;

import java.util.concurrent.CountDownLatch;

import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.events.TaskStartEvent;

/**
 * Commits task events the way the agent does, from a package FlowTrace counts as the program's own (fork and
 * join sites are the first frames outside the JDK and io.flowtrace).
 */
public final class AsyncDemo {
    private AsyncDemo() {
    }

    /** Forks from here: the fork site is this method. */
    public static void fork(long seq, long task, String kind) {
        TaskForkEvent e = new TaskForkEvent();
        e.task = task;
        e.kind = kind;
        e.executor = "ThreadPoolExecutor@1b6d3586";
        e.taskObject = "AsyncDemo$$Lambda@4e50df2e";
        e.seq = seq;
        e.commit();
    }

    public static void start(long seq, long task) {
        TaskStartEvent e = new TaskStartEvent();
        e.task = task;
        e.seq = seq;
        e.commit();
    }

    public static void end(long seq, long task, String result) {
        TaskEndEvent e = new TaskEndEvent();
        e.task = task;
        e.outcome = TaskEndEvent.VALUE;
        e.result = result;
        e.seq = seq;
        e.commit();
    }

    /** Waits for the task (here: sleeps) and records the wait from here: the join site is this method. */
    public static void join(long seq, long task) throws InterruptedException {
        TaskJoinEvent e = new TaskJoinEvent();
        e.begin();
        Thread.sleep(20);
        e.task = task;
        e.kind = "get";
        e.completed = true;
        e.seq = seq;
        e.commit();
    }

    public static void checkpoint(long seq, String kind, String label) {
        CheckpointEvent e = new CheckpointEvent();
        e.kind = kind;
        e.label = label;
        e.seq = seq;
        e.commit();
    }

    /** Blocks the calling thread until the latch opens: what the thread dump should show. */
    public static void stuckForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
    }
}
