package demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Dependent stages without executor, allOf/anyOf, and a periodic schedule. */
public class DependentStages {
    static int priceOf(String item) {
        return item.length() * 3;
    }

    static int priceOf(String item, CountDownLatch go) {
        await(go);
        return priceOf(item);
    }

    static int discount(int price) {
        return price - 1;
    }

    static int fail(String item) {
        throw new IllegalStateException("sold out: " + item);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stage is attached before its source completes: it runs on the thread that completes the source. */
    static int deferred(ExecutorService pool) {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> price = CompletableFuture.supplyAsync(() -> priceOf("apple", go), pool); // fork:source
        CompletableFuture<Integer> discounted = price.thenApply(DependentStages::discount); // fork:deferred
        go.countDown();
        return discounted.join(); // join:deferred
    }

    /** The source is complete: the stage runs right here, in the call that attaches it. */
    static int inline() {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(12);
        return done.thenApply(DependentStages::discount).join(); // fork:inline
    }

    static int combined(ExecutorService pool) {
        CompletableFuture<Integer> kiwi = CompletableFuture.supplyAsync(() -> priceOf("kiwi"), pool); // fork:kiwi
        CompletableFuture<Integer> fig = CompletableFuture.supplyAsync(() -> priceOf("fig"), pool); // fork:fig
        return kiwi.thenCombine(fig, Integer::sum).join(); // fork:combine
    }

    /** The source fails: thenApply is skipped and takes the exception over, exceptionally recovers. */
    static int recovered(ExecutorService pool) {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> failing = CompletableFuture.supplyAsync(() -> { // fork:failing
            await(go);
            return fail("plum");
        }, pool);
        CompletableFuture<Integer> skipped = failing.thenApply(DependentStages::discount); // fork:skipped
        CompletableFuture<Integer> recovered = skipped.exceptionally(e -> -1); // fork:recovered
        go.countDown();
        return recovered.join();
    }

    static int allAndAny(ExecutorService pool) {
        CompletableFuture<Integer> pear = CompletableFuture.supplyAsync(() -> priceOf("pear"), pool); // fork:pear
        CompletableFuture<Integer> lime = CompletableFuture.supplyAsync(() -> priceOf("lime"), pool); // fork:lime
        CompletableFuture.allOf(pear, lime).join(); // join:allOf
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> priceOf("melon", never), pool); // fork:slow
        CompletableFuture<Integer> fast = CompletableFuture.supplyAsync(() -> priceOf("date"), pool); // fork:fast
        Object first = CompletableFuture.anyOf(slow, fast).join(); // join:anyOf
        never.countDown();
        return pear.join() + lime.join() + (Integer) first + slow.join();
    }

    static void tick(CountDownLatch ticks) {
        ticks.countDown();
    }

    static int periodic() throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch ticks = new CountDownLatch(3);
        ScheduledFuture<?> ticking = timer.scheduleAtFixedRate(() -> tick(ticks), 0, 5, // fork:periodic
                TimeUnit.MILLISECONDS);
        ticks.await();
        ticking.cancel(false);
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        return 3;
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            System.out.println("deferred " + deferred(pool));
            System.out.println("inline " + inline());
            System.out.println("combined " + combined(pool));
            System.out.println("recovered " + recovered(pool));
            System.out.println("all and any " + allAndAny(pool));
            System.out.println("ticks " + periodic());
        } finally {
            pool.shutdown();
        }
    }
}
