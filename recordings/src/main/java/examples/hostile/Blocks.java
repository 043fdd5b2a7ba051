package examples.hostile;

/**
 * Serves until it is stopped from outside (Ctrl-C, kill): prints "ready" once its calls are under way, then waits
 * inside them, so the recording ends with calls still running.
 */
public class Blocks {
    static int warmUp(int n) {
        return n * n;
    }

    static void serve() throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            warmUp(i);
        }
        System.out.println("ready");
        waitForStop();
    }

    static void waitForStop() throws InterruptedException {
        Thread.sleep(600_000);
    }

    public static void main(String[] args) throws InterruptedException {
        serve();
    }
}
