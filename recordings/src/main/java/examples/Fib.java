package examples;

import io.flowtrace.Trace;

/** The README's first example: a small recursive call tree. */
public class Fib {
    @Trace
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static void main(String[] args) {
        System.out.println("fib(4) = " + fib(4));
    }
}
