package demo;

import java.util.concurrent.CountDownLatch;

/**
 * A thread stuck forever in CountDownLatch.await; main then returns, calls System.exit, or waits to be
 * interrupted by Ctrl-C (argument normal, exit or wait).
 */
public class Stuck {
    static final CountDownLatch neverOpened = new CountDownLatch(1);

    static void stuckForever() {
        try {
            neverOpened.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Thread stuck = new Thread(Stuck::stuckForever, "stuck");
        stuck.setDaemon(true);
        stuck.start();
        while (stuck.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
        System.out.println("ready");
        System.out.flush();
        switch (args[0]) {
            case "exit" -> System.exit(0);
            case "wait" -> Thread.sleep(120_000);
            default -> { }
        }
    }
}
