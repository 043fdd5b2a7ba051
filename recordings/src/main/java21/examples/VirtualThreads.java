package examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * JDK 21+: squares computed on virtual threads, one per task, and one more virtual thread started directly.
 * Not compiled by Maven (the build targets JDK 17); see docs/async.md for how to compile and record it.
 */
public class VirtualThreads {
    static int square(int x) {
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        int sum = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> squares = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                squares.add(executor.submit(() -> square(n)));
            }
            for (Future<Integer> square : squares) {
                sum += square.get();
            }
        }
        Thread greeter = Thread.ofVirtual().name("greeter").start(() -> square(4));
        greeter.join();
        System.out.println("sum " + sum);
    }
}
