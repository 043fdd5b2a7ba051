/**
 * A workload whose calls hardly repeat, the case aggregation cannot help: {@code sum} adds the squares of 1000
 * numbers, N / 1000 times, so every {@code square(i)} has an argument and result of its own. For the memory and
 * time of {@code flowtrace tree} when the tree is as large as the recording (docs/benchmarks.md).
 * Usage: java bench/Distinct.java N   (recorded as in docs/benchmarks.md)
 */
public class Distinct {
    static long square(long i) {
        return i * i;
    }

    static long sum(int from, int count) {
        long s = 0;
        for (int i = from; i < from + count; i++) {
            s += square(i);
        }
        return s;
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long total = 0;
        for (int k = 0; k < n / 1000; k++) {
            total += sum(k * 1000, 1000);
        }
        System.out.println(total);
    }
}
