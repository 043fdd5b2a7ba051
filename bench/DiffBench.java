package benchdiff;

/**
 * Load for bench/diff.sh: fib(n) with a context object, rendered as Context@hex. Identity hashes are often the
 * same from run to run of a small program; a random number of hashes drawn first makes this one differ, so the
 * diff cannot take the identical-subtree shortcut and compares every call. Variant "b" adds a call to audit(10)
 * each time fib(10) runs.
 */
public class DiffBench {
    static final class Context {
    }

    static String variant;

    static int fib(Context ctx, int n) {
        if (n == 10 && variant.equals("b")) {
            audit(n);
        }
        return n < 2 ? n : fib(ctx, n - 1) + fib(ctx, n - 2);
    }

    static void audit(int n) {
    }

    public static void main(String[] args) {
        variant = args[1];
        for (int i = new java.util.Random().nextInt(1000) + 1; i > 0; i--) {
            new Object().hashCode();
        }
        System.out.println(fib(new Context(), Integer.parseInt(args[0])));
    }
}
