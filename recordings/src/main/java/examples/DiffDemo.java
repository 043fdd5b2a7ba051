package examples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One small order flow in several variants, recorded for {@code flowtrace diff}: {@code base}, then one change
 * each: {@code branch} (bulk orders take another branch), {@code call} (a new call), {@code exception} (a new
 * exception), {@code task} (a new task on the pool) and {@code result} (a changed result). {@code renumbered}
 * behaves as {@code base} but its pool is {@code pool-2} instead of {@code pool-1}. Shipping runs on a pool of two
 * threads, so which worker ships which order differs from run to run.
 */
public class DiffDemo {
    static String variant = "base";

    static boolean valid(int quantity) {
        return quantity > 0;
    }

    static int price(int quantity) {
        if (variant.equals("branch") && quantity >= 3) {
            return bulkPrice(quantity);
        }
        return unitPrice(quantity);
    }

    static int unitPrice(int quantity) {
        return quantity * (variant.equals("result") ? 11 : 10);
    }

    static int bulkPrice(int quantity) {
        return quantity * 8;
    }

    static void audit(String id) {
        System.out.println("audit " + id);
    }

    static int reserve(String id, int quantity) {
        if (variant.equals("exception") && id.equals("b")) {
            throw new IllegalStateException("out of stock: " + id);
        }
        return quantity;
    }

    static String process(String id, int quantity) {
        if (!valid(quantity)) {
            return "invalid";
        }
        if (variant.equals("call")) {
            audit(id);
        }
        try {
            reserve(id, quantity);
        } catch (IllegalStateException e) {
            return "backordered";
        }
        return "ok " + price(quantity);
    }

    static String ship(String id) {
        return "shipped " + id;
    }

    static String remind(String id) {
        return "reminded " + id;
    }

    public static void main(String[] args) throws InterruptedException {
        variant = args.length > 0 ? args[0] : "base";
        if (variant.equals("renumbered")) {
            Executors.newSingleThreadExecutor().shutdown(); // takes pool-1: the pool below becomes pool-2
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String[] ids = {"a", "b", "c"};
        for (int i = 0; i < ids.length; i++) {
            String id = ids[i];
            String status = process(id, i + 1);
            System.out.println(id + ": " + status);
            if (status.startsWith("ok")) {
                pool.submit(() -> ship(id));
            }
        }
        if (variant.equals("task")) {
            pool.submit(() -> remind("a"));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
