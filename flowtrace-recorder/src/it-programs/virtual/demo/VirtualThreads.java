package demo;

import java.util.concurrent.Executors;

/** Squares four numbers, each on its own virtual thread (JDK 21+). */
public class VirtualThreads {
    static int square(int x) {
        return x * x;
    }

    public static void main(String[] args) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 4; i++) {
                int n = i;
                executor.submit(() -> square(n));
            }
        }
        System.out.println("squared on virtual threads");
    }
}
