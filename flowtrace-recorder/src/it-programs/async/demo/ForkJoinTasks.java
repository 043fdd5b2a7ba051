package demo;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.stream.IntStream;

/** A RecursiveTask that forks its left half, and a parallel stream on the common pool. */
public class ForkJoinTasks {
    static final class Sum extends RecursiveTask<Integer> {
        private final int from;
        private final int to;

        Sum(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Integer compute() {
            if (to - from < 4) {
                return add(from, to);
            }
            int middle = (from + to) / 2;
            Sum left = new Sum(from, middle);
            left.fork(); // fork:fork
            int right = new Sum(middle, to).compute();
            return left.join() + right; // join:join
        }
    }

    static int add(int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += i;
        }
        return sum;
    }

    static int sumWithPool(ForkJoinPool pool) {
        return pool.invoke(new Sum(1, 9)); // fork:invoke
    }

    static int parallelSquares() {
        return IntStream.rangeClosed(1, 20).parallel().map(x -> x * x).sum(); // fork:stream
    }

    public static void main(String[] args) {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            System.out.println("sum " + sumWithPool(pool));
            System.out.println("squares " + parallelSquares());
        } finally {
            pool.shutdown();
        }
    }
}
