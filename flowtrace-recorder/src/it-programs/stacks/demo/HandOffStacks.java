package demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Prints the stacks that work handed to other threads sees of itself (Throwable, StackWalker, the current thread,
 * an exception's printed trace) and that the forking thread sees of a worker: the same bytes traced or not.
 * Each hand-off ends before the next starts, so the output depends on nothing but the JDK.
 */
public class HandOffStacks {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        report("execute", run(pool::execute));
        report("submit", pool.submit(HandOffStacks::stacks).get());
        report("runAsync", run(task -> CompletableFuture.runAsync(task, pool)));
        report("supplyAsync", CompletableFuture.supplyAsync(HandOffStacks::stacks).get());
        report("thread", run(task -> new Thread(task).start()));
        report("forkjoin", new ForkJoinPool(1).invoke(new Stacks()));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        report("schedule", scheduler.schedule((Callable<String>) HandOffStacks::stacks, 1, TimeUnit.MILLISECONDS)
                .get());
        report("virtual", virtual());
        blockedWorker(pool);
        pool.shutdown();
        scheduler.shutdown();
    }

    /** Runs a Runnable through {@code handOff} and waits for the stacks it saw. */
    private static String run(java.util.function.Consumer<Runnable> handOff) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        handOff.accept(() -> seen.complete(stacks()));
        return seen.get(30, TimeUnit.SECONDS);
    }

    /** A virtual thread's own stacks where the JDK has them (21+), found by reflection to compile on 17. */
    private static String virtual() throws Exception {
        java.lang.reflect.Method startVirtual;
        try {
            startVirtual = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException before21) {
            return "no virtual threads\n";
        }
        return run(task -> {
            try {
                startVirtual.invoke(null, task);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What the main thread sees of a pool worker that waits inside a task. */
    private static void blockedWorker(ExecutorService pool) throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] worker = new Thread[1];
        pool.execute(() -> {
            worker[0] = Thread.currentThread();
            waiting.countDown();
            await(release);
        });
        waiting.await();
        Thread.State state;
        while ((state = worker[0].getState()) != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        report("other thread", frames(worker[0].getStackTrace()));
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        report("all threads", frames(all.get(worker[0])));
        release.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String stacks() {
        StringWriter printed = new StringWriter();
        new IllegalStateException("thrown in a task").printStackTrace(new PrintWriter(printed));
        return "throwable:\n" + frames(new Throwable().getStackTrace())
                + "current thread:\n" + frames(Thread.currentThread().getStackTrace())
                + "walker:\n" + StackWalker.getInstance().walk(frames -> frames
                        .map(frame -> "  " + frame + "\n").collect(Collectors.joining()))
                + "printed:\n" + printed;
    }

    private static String frames(StackTraceElement[] frames) {
        return Arrays.stream(frames).map(frame -> "  " + frame + "\n").collect(Collectors.joining());
    }

    /** Lambda classes are named with a counter and an address that change from run to run. */
    private static String withoutRunDetails(String stacks) {
        return stacks.replaceAll("\\$\\$Lambda(\\$\\d+)?/0x\\p{XDigit}+", "\\$\\$Lambda");
    }

    private static void report(String handOff, String stacks) {
        System.out.println("== " + handOff);
        System.out.print(withoutRunDetails(stacks));
    }

    /** Forks one more task and joins it: the stacks are the forked task's, on a worker of the pool. */
    static final class Stacks extends RecursiveTask<String> {
        private final boolean forked;

        Stacks() {
            this(false);
        }

        private Stacks(boolean forked) {
            this.forked = forked;
        }

        @Override
        protected String compute() {
            if (forked) {
                return stacks();
            }
            Stacks inner = new Stacks(true);
            inner.fork();
            return inner.join();
        }
    }
}
