package benchmarks;

import io.flowtrace.Trace;

/**
 * The traced workload: recursive Fibonacci, one int argument and one int result per call. It lives outside
 * {@code io.flowtrace} because the agent never traces FlowTrace's own packages.
 */
public final class Fib {
    private Fib() {
    }

    @Trace
    public static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** The same recursion with an object argument too, which FlowTrace renders as text on every call. */
    @Trace
    public static int fibOf(Object context, int n) {
        return n < 2 ? n : fibOf(context, n - 1) + fibOf(context, n - 2);
    }

    /** How many calls of {@link #fib(int)} computing {@code fib(n)} makes. */
    public static long calls(int n) {
        long a = 1;
        long b = 1; // calls(0) = calls(1) = 1, calls(n) = calls(n-1) + calls(n-2) + 1
        for (int i = 2; i <= n; i++) {
            long c = a + b + 1;
            a = b;
            b = c;
        }
        return b;
    }

    /** Runs fib(n) {@code repetitions} times; the recording-size measurement runs this in a JVM of its own. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repetitions = Integer.parseInt(args[1]);
        long sum = 0;
        for (int i = 0; i < repetitions; i++) {
            sum += fib(n);
        }
        System.out.println(sum);
    }
}
