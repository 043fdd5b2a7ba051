package demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;

/** JDK 25 with --enable-preview: virtual threads by executor, builder and StructuredTaskScope. */
public class VirtualTasks {
    static int square(int x) {
        return x * x;
    }

    static int perTaskExecutor() throws Exception {
        int sum = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> squares = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                squares.add(executor.submit(() -> square(n))); // fork:virtualSubmit
            }
            for (Future<Integer> square : squares) {
                sum += square.get();
            }
        }
        return sum;
    }

    /** Many virtual threads that park and resume: their carriers run the scheduling code our hooks sit in. */
    static int many() throws Exception {
        int done = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> naps = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                naps.add(executor.submit(() -> {
                    Thread.sleep(1);
                    return 1;
                }));
            }
            for (Future<Integer> nap : naps) {
                done += nap.get();
            }
        }
        return done;
    }

    static void builder() throws InterruptedException {
        Thread thread = Thread.ofVirtual().name("built").start(() -> square(4)); // fork:virtualThread
        thread.join();
    }

    static int scope() throws Exception {
        try (var scope = StructuredTaskScope.open()) {
            var a = scope.fork(() -> square(5)); // fork:structuredFork
            var b = scope.fork(() -> square(6));
            scope.join(); // join:scopeJoin
            return a.get() + b.get(); // join:subtaskGet
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("executor " + perTaskExecutor());
        System.out.println("naps " + many());
        builder();
        System.out.println("scope " + scope());
    }
}
