package examples;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/** Sums 1..8 by splitting in halves: the left half forked, the right half computed here, then joined. */
public class ForkJoinSum extends RecursiveTask<Integer> {
    private final int from;
    private final int to;

    ForkJoinSum(int from, int to) {
        this.from = from;
        this.to = to;
    }

    @Override
    protected Integer compute() {
        if (to - from < 4) {
            return add(from, to);
        }
        int middle = (from + to) / 2;
        ForkJoinSum left = new ForkJoinSum(from, middle);
        left.fork();
        int right = new ForkJoinSum(middle, to).compute();
        return left.join() + right;
    }

    static int add(int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += i;
        }
        return sum;
    }

    public static void main(String[] args) {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            System.out.println("sum " + pool.invoke(new ForkJoinSum(1, 9)));
        } finally {
            pool.shutdown();
        }
    }
}
