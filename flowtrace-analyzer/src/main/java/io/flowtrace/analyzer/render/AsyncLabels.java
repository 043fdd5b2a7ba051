package io.flowtrace.analyzer.render;

import java.util.List;

import io.flowtrace.analyzer.model.ApplicationCode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.StackFrame;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.ThreadTrace;

/** Text pieces for tasks, shared by the tree and the task report. */
public final class AsyncLabels {
    private AsyncLabels() {
    }

    /** {@code task #3} */
    public static String taskRef(TaskInfo task) {
        return "task #" + task.number();
    }

    /**
     * {@code task #3 supplyAsync}, {@code task #5 thenCombine of #3, #4} for a dependent stage, or {@code task #3}
     * when the fork (and so the kind) is unknown.
     */
    public static String task(TaskInfo task) {
        String sources = task.source() == null ? "" : " of #" + task.source().number();
        if (task.otherSource() != null) {
            sources += (sources.isEmpty() ? " of #" : ", #") + task.otherSource().number();
        }
        return taskRef(task) + (task.kind() == null ? "" : " " + CallLabels.printable(task.kind())) + sources;
    }

    /** {@code pool-1-thread-2}, {@code virtual #41}, {@code greeter (virtual)}. */
    public static String thread(ThreadTrace thread) {
        String name = CallLabels.printable(thread.name());
        return thread.isVirtual() && !name.startsWith("virtual #") ? name + " (virtual)" : name;
    }

    /** {@code  … waiting for its next run} of a periodic task, or {@code for its first run} before it ran. */
    public static String waiting(TaskInfo task) {
        return task.runs() == 0 ? " … waiting for its first run" : " … waiting for its next run";
    }

    /** {@code IllegalStateException: boom} */
    public static String exception(ExceptionInfo e) {
        return e.simpleType() + (e.message() == null ? "" : ": " + e.message());
    }

    /**
     * Where a blocked thread waits, from its live stack down to the program's frame: the JDK method the program
     * called and the program's line, {@code CountDownLatch.await ← Lost.stuckForever (Lost.java:9)}; the whole
     * top frame when the program itself is on top; {@code null} for an empty stack.
     */
    public static String blockedAt(List<StackFrame> frames) {
        return blockedAt(frames, null);
    }

    /**
     * As {@link #blockedAt(List)}, and when the first frame outside the JDK is a framework's, the nearest frame of
     * {@code app} after it: {@code CountDownLatch.await ← BlockingSingleSubscriber.blockingGet
     * (BlockingSingleSubscriber.java:129) ← Pipeline.main (Pipeline.java:20)}.
     */
    public static String blockedAt(List<StackFrame> frames, ApplicationCode app) {
        if (frames.isEmpty()) {
            return null;
        }
        StackFrame api = null;
        for (StackFrame f : frames) {
            if (!f.isPlatform()) {
                return (api == null ? "" : api.shortName() + " ← ") + site(f, frames, app);
            }
            api = f;
        }
        return frames.get(0).display();
    }

    /**
     * {@code Shop.main (Shop.java:12)}; for a site in a framework, the nearest frame of {@code app} after it:
     * {@code Schedulers.directSchedule (Schedulers.java:1390) ← Pipeline.main (Pipeline.java:22)}.
     */
    public static String site(StackFrame site, List<StackFrame> stack, ApplicationCode app) {
        StackFrame caller = app == null ? null : app.callerOf(site, stack);
        return site.display() + (caller == null ? "" : " ← " + caller.display());
    }
}
