package examples;

import java.util.concurrent.CountDownLatch;

/**
 * Ends through {@code System.exit(3)} while a call on another thread never returns: both calls are still running
 * when the recording ends, and {@code record} exits with the program's code.
 */
public class Exit {
    static void waitForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
    }

    static void shutdown(int code) {
        System.exit(code);
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            started.countDown();
            try {
                waitForever(new CountDownLatch(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck");
        stuck.setDaemon(true);
        stuck.start();
        started.await();
        shutdown(3);
    }
}
