package examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two deadlocks: two transfers that take two monitors in opposite order, and two tasks that take two
 * ReentrantLocks in opposite order. main waits until all four are stuck, then gives up with System.exit(3).
 */
public class Deadlock {
    static final Object CHECKING = new Object();
    static final Object SAVINGS = new Object();
    static final ReentrantLock INVENTORY = new ReentrantLock();
    static final ReentrantLock ORDERS = new ReentrantLock();

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        pool.execute(() -> transfer(CHECKING, SAVINGS, bothHoldOne));
        pool.execute(() -> transfer(SAVINGS, CHECKING, bothHoldOne));
        CountDownLatch bothLocked = new CountDownLatch(2);
        pool.execute(() -> reserve(INVENTORY, ORDERS, bothLocked));
        pool.execute(() -> reserve(ORDERS, INVENTORY, bothLocked));
        while (INVENTORY.getQueueLength() + ORDERS.getQueueLength() < 2 || !blockedOnMonitors()) {
            Thread.sleep(10);
        }
        System.out.println("stuck");
        System.exit(3);
    }

    static void transfer(Object from, Object to, CountDownLatch bothHoldOne) {
        synchronized (from) {
            bothHoldOne.countDown();
            await(bothHoldOne);
            synchronized (to) {
                System.out.println("transferred");
            }
        }
    }

    static void reserve(ReentrantLock first, ReentrantLock second, CountDownLatch bothLocked) {
        first.lock();
        try {
            bothLocked.countDown();
            await(bothLocked);
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blockedOnMonitors() {
        int blocked = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            blocked += thread.getState() == Thread.State.BLOCKED ? 1 : 0;
        }
        return blocked >= 2;
    }
}
