package examples;

/**
 * The shapes that make a call tree unreadable when drawn as they are: a deep recursion, a recursion through two
 * methods, a long loop with a different argument each time, and a last call after all of them.
 */
public final class Shapes {
    private Shapes() {
    }

    static int countDown(int n) {
        return n == 0 ? 0 : countDown(n - 1);
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    static int square(int i) {
        return i * i;
    }

    static String report(long sum) {
        return "sum of squares " + sum;
    }

    public static void main(String[] args) {
        countDown(3000);
        isEven(200);
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += square(i);
        }
        System.out.println(report(sum));
    }
}
