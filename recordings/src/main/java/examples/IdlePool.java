package examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A server-like program: a pool of four workers started up front, one request that hangs, a periodic job waiting
 * for its next run. Only the hung request is a problem; the idle workers and the schedule are summed up.
 */
public class IdlePool {
    static final CountDownLatch NEVER = new CountDownLatch(1);

    public static void main(String[] args) throws InterruptedException {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        start(workers);
        workers.execute(IdlePool::handle);
        ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor();
        cleaner.scheduleWithFixedDelay(IdlePool::cleanUp, 0, 1, TimeUnit.HOURS);
        while (workers.getActiveCount() < 1) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        System.out.println("serving");
        System.exit(0);
    }

    static void start(ThreadPoolExecutor workers) {
        workers.prestartAllCoreThreads();
    }

    static void handle() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void cleanUp() {
    }
}
