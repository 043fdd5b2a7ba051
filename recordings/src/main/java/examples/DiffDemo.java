package examples;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One small order flow in several variants, recorded for {@code flowtrace diff}: {@code base}, then one change
 * each: {@code branch} (bulk orders take another branch), {@code call} (a new call), {@code exception} (a new
 * exception), {@code task} (a new task on the pool) and {@code result} (a changed result). {@code renumbered}
 * behaves as {@code base} but its pool is {@code pool-2} instead of {@code pool-1}. Shipping runs on a pool of two
 * threads, so which worker ships which order differs from run to run. Two more variants came with tasks matched
 * by fork site: {@code newtask} (processing a bulk order forks a new task, inside {@code process}) and
 * {@code moved}, which behaves as {@code base} but ships on a pool of three threads, all three orders at the same
 * time, so the tasks run on other threads and in another interleaving.
 */
public class DiffDemo {
    static String variant = "base";
    static ExecutorService pool;
    /** In the {@code moved} variant, holds each shipment until all three run at once. */
    static final CyclicBarrier TOGETHER = new CyclicBarrier(3);

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
        if (variant.equals("newtask") && quantity >= 3) {
            pool.submit(DiffDemo::bulkNotice); // a method reference: a lambda here would rename main's lambdas
        }
        return "ok " + price(quantity);
    }

    static String ship(String id) {
        if (variant.equals("moved")) {
            try {
                TOGETHER.await(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
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
        pool = Executors.newFixedThreadPool(variant.equals("moved") ? 3 : 2);
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

    static String bulkNotice() {
        return "bulk order noticed";
    }
}
