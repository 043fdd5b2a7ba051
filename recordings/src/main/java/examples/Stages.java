package examples;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * CompletableFuture stages without executor (run where their source completes, or right away when it is complete),
 * a failure carried on and recovered, allOf and anyOf, and a periodic task that stops itself after three runs.
 */
public class Stages {
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

    static int soldOut(String item, CountDownLatch go) {
        await(go);
        throw new IllegalStateException("sold out: " + item);
    }

    static int fallback(Throwable failure) {
        return 0;
    }

    static int sum(int a, int b) {
        return a + b;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** apple is discounted on the pool thread that prices it, kiwi right here; the sum where the last completes. */
    static int quote(ExecutorService pool) {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> apple = CompletableFuture.supplyAsync(() -> priceOf("apple", go), pool);
        CompletableFuture<Integer> discounted = apple.thenApply(Stages::discount);
        CompletableFuture<Integer> kiwi = CompletableFuture.completedFuture(12).thenApply(Stages::discount);
        CompletableFuture<Integer> total = discounted.thenCombine(kiwi, Stages::sum);
        go.countDown();
        return total.join();
    }

    /** The plum's failure skips the discount and is recovered by exceptionally: nobody lost it. */
    static int recover(ExecutorService pool) {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> plum = CompletableFuture.supplyAsync(() -> soldOut("plum", go), pool);
        CompletableFuture<Integer> safe = plum.thenApply(Stages::discount).exceptionally(Stages::fallback);
        go.countDown();
        return safe.join();
    }

    /** allOf waits for both; anyOf for the fig, while the melon waits for a go that comes later. */
    static int fastest(ExecutorService pool) {
        CompletableFuture<Integer> pear = CompletableFuture.supplyAsync(() -> priceOf("pear"), pool);
        CompletableFuture<Integer> lime = CompletableFuture.supplyAsync(() -> priceOf("lime"), pool);
        CompletableFuture.allOf(pear, lime).join();
        CountDownLatch later = new CountDownLatch(1);
        CompletableFuture<Integer> melon = CompletableFuture.supplyAsync(() -> priceOf("melon", later), pool);
        CompletableFuture<Integer> fig = CompletableFuture.supplyAsync(() -> priceOf("fig"), pool);
        int first = (Integer) CompletableFuture.anyOf(melon, fig).join();
        later.countDown();
        return first + melon.join();
    }

    /** Runs every millisecond; its third run cancels it. */
    static final class Ticker implements Runnable {
        final CountDownLatch scheduled = new CountDownLatch(1);
        volatile ScheduledFuture<?> self;
        int runs;

        @Override
        public void run() {
            tick(++runs);
            if (runs == 3) {
                await(scheduled);
                self.cancel(false);
            }
        }

        static void tick(int run) {
        }
    }

    static int ticks() throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Ticker ticker = new Ticker();
        ticker.self = timer.scheduleAtFixedRate(ticker, 0, 1, TimeUnit.MILLISECONDS);
        ticker.scheduled.countDown();
        try {
            ticker.self.get();
        } catch (CancellationException | java.util.concurrent.ExecutionException e) {
            // cancelled by its third run
        }
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        return ticker.runs;
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            System.out.println("quote " + quote(pool));
            System.out.println("recovered " + recover(pool));
            System.out.println("fastest " + fastest(pool));
            System.out.println("ticks " + ticks());
        } finally {
            pool.shutdown();
        }
    }
}
