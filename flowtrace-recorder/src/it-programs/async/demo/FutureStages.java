package demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** CompletableFuture stages on a pool and on the common pool, combined with allOf and joined. */
public class FutureStages {
    static int priceOf(String item) {
        return item.length() * 3;
    }

    static int discount(int price) {
        return price - 1;
    }

    static int checkout(ExecutorService pool) {
        CompletableFuture<Integer> apple = CompletableFuture.supplyAsync(() -> priceOf("apple"), pool) // fork:supplyAsync
                .thenApplyAsync(FutureStages::discount, pool); // fork:thenApplyAsync
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
