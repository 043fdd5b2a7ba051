package benchmarks;

import io.flowtrace.Trace;

/**
 * The traced workload: recursive Fibonacci, one int argument and one int result per call. It lives outside
 * {@code io.flowtrace} because the agent never traces FlowTrace's own packages.
 */
public final class Fib {
    /** The String argument of the benchmarks' {@link #fibOf} calls. */
    public static final String TEXT = "order-17";
    /**
     * What {@link #fibCopy} copies: {@link #TEXT} in a field that is not final, so that the JIT reads it on every
     * call rather than folding the copy of a constant.
     */
    private static String copied = TEXT;
    private static final byte[] SCRATCH = new byte[64];

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

    /**
     * The baseline of issue #18's goal 4 ("a call with a String argument costs no more than one with an int argument
     * plus a copy of the characters it records"): {@link #fib}'s recursion, an int argument traced, whose body also
     * copies the chars of {@link #TEXT} into a byte array, one store per char, untraced: the least a recorder must do
     * to keep a string's chars. The same calls as {@link #fibOf}, whose string FlowTrace records.
     */
    @Trace
    public static int fibCopy(int n) {
        copy(copied);
        return n < 2 ? n : fibCopy(n - 1) + fibCopy(n - 2);
    }

    /**
     * The other baseline of goal 4, the same call with an int in the String's place: {@link #fibOf}'s two arguments,
     * both traced ints here ({@code id} is 17 in the benchmarks), whose body also copies {@link #TEXT}'s chars as
     * {@link #fibCopy} does. {@link #fibCopy} has no second argument at all; this one records one, as fibOf does.
     */
    @Trace
    public static int fibIdCopy(int id, int n) {
        copy(copied);
        return n < 2 ? n : fibIdCopy(id, n - 1) + fibIdCopy(id, n - 2);
    }

    private static void copy(String text) {
        byte[] to = SCRATCH;
        for (int i = 0; i < text.length(); i++) {
            to[i] = (byte) text.charAt(i);
        }
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

    /**
     * Runs fib(n) {@code repetitions} times, or fibOf(TEXT, n) when a third argument says {@code fibOf}; the
     * recording-size measurement runs this in a JVM of its own.
     */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repetitions = Integer.parseInt(args[1]);
        boolean ofText = args.length > 2 && args[2].equals("fibOf");
        long sum = 0;
        for (int i = 0; i < repetitions; i++) {
            sum += ofText ? fibOf(TEXT, n) : fib(n);
        }
        System.out.println(sum);
    }
}
