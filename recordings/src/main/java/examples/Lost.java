package examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What gets lost: a task that waits forever for a latch nobody counts down, and a task that fails with an
 * exception nobody looks at. main gives up after a short wait and exits with System.exit.
 */
public class Lost {
    static final CountDownLatch neverOpened = new CountDownLatch(1);

    static void stuckForever() throws InterruptedException {
        neverOpened.await();
    }

    static int parse(String text) {
        return Integer.parseInt(text);
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> {
            stuckForever();
            return null;
        });
        pool.submit(() -> parse("twelve")); // the Future is dropped: nobody sees the exception
        pool.shutdown();
        boolean finished = pool.awaitTermination(300, TimeUnit.MILLISECONDS);
        System.out.println("finished " + finished);
        System.exit(0);
    }
}
