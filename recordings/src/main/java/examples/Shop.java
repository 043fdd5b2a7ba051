package examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The async example of issue #3: each item priced and then discounted on a pool, the total joined on main. */
public class Shop {
    static int priceOf(String item) {
        return item.length() * 3;
    }

    static int discount(int price) {
        return price - 1;
    }

    static int checkout(ExecutorService pool, List<String> items) {
        List<CompletableFuture<Integer>> prices = new ArrayList<>();
        for (String item : items) {
            prices.add(CompletableFuture.supplyAsync(() -> priceOf(item), pool)
                    .thenApplyAsync(Shop::discount, pool));
        }
        int total = 0;
        for (CompletableFuture<Integer> price : prices) {
            total += price.join();
        }
        return total;
    }

    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            System.out.println("total " + checkout(pool, List.of("apple", "kiwi")));
        } finally {
            pool.shutdown();
        }
    }
}
