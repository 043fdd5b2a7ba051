package demo;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * A program's static pool made before or after the first ForkJoinTask class is loaded: {@code pool-first} makes
 * the pool, then loads its task class; {@code task-first} loads the task class, then makes the pool.
 */
public class ForkJoinOrder {
    static final class Shared {
        static final ForkJoinPool POOL = new ForkJoinPool(2);
    }

    static final class Halves extends RecursiveTask<Integer> {
        private final int from;
        private final int to;

        Halves(int from, int to) {
            this.from = from;
            this.to = to;
        }

        static int sumWithPool(ForkJoinPool pool) {
            return pool.invoke(new Halves(1, 9)); // fork:invoke
        }

        @Override
        protected Integer compute() {
            if (to - from < 4) {
                return add(from, to);
            }
            int middle = (from + to) / 2;
            Halves left = new Halves(from, middle);
            left.fork(); // fork:fork
            int right = new Halves(middle, to).compute();
            return left.join() + right;
        }

        static int add(int from, int to) {
            int sum = 0;
            for (int i = from; i < to; i++) {
                sum += i;
            }
            return sum;
        }
    }

    public static void main(String[] args) throws ClassNotFoundException {
        if (args[0].equals("task-first")) {
            Class.forName("demo.ForkJoinOrder$Halves"); // and so ForkJoinTask, before any ForkJoinPool
        }
        System.out.println("sum " + Halves.sumWithPool(Shared.POOL));
    }
}
