package demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** CompletableFuture stages on a pool and on the common pool, combined with allOf and joined. */
public class FutureStages {
    static int priceOf(String item) {
        return item.length() * 3;
    }

    static int priceOf(String item, CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return priceOf(item);
    }

    static int discount(int price) {
        return price - 1;
    }

    static int checkout(ExecutorService pool) {
        CountDownLatch priced = new CountDownLatch(1); // the stage is attached before its source completes
        CompletableFuture<Integer> apple = CompletableFuture.supplyAsync(() -> priceOf("apple", priced), pool) // fork:supplyAsync
                .thenApplyAsync(FutureStages::discount, pool); // fork:thenApplyAsync
        priced.countDown();
        CompletableFuture<Integer> kiwi = CompletableFuture.supplyAsync(() -> priceOf("kiwi")); // fork:commonPool
        CompletableFuture.allOf(apple, kiwi).join();
        return apple.join() + kiwi.join(); // join:join
    }

    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            System.out.println("total " + checkout(pool));
        } finally {
            pool.shutdown();
        }
    }
}
