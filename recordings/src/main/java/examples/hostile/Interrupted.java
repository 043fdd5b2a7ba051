package examples.hostile;

import sun.misc.Signal;

/**
 * Counts the signals it gets: prints "ready" once its calls are under way, then waits. Its shutdown hook prints
 * "hook ran"; with the argument {@code handler} it also handles SIGINT itself, printing "SIGINT 1", "SIGINT 2", ...
 * and exiting with 130 a second after the first, so a signal delivered twice shows.
 */
public class Interrupted {
    private static int signals;

    static int warmUp(int n) {
        return n * n;
    }

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran"), "hook"));
        if (args.length > 0 && args[0].equals("handler")) {
            Signal.handle(new Signal("INT"), signal -> {
                System.out.println("SIGINT " + ++signals);
                try {
                    Thread.sleep(1000); // handling takes a while: a second delivery would arrive meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.exit(130);
            });
        }
        for (int i = 1; i <= 3; i++) {
            warmUp(i);
        }
        System.out.println("ready");
        Thread.sleep(600_000);
    }
}
