package examples;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A task submitted to a single-thread executor, its result awaited with get. */
public class ExecutorDemo {
    static int lookup(String key) {
        return key.length() * 7;
    }

    static int fetch(ExecutorService executor, String key) throws ExecutionException, InterruptedException {
        Future<Integer> answer = executor.submit(() -> lookup(key));
        return answer.get();
    }

    public static void main(String[] args) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            System.out.println("answer " + fetch(executor, "question"));
        } finally {
            executor.shutdown();
        }
    }
}
