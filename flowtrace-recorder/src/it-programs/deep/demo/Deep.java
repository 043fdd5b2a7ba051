package demo;

/**
 * Recurses until the stack overflows, catches the StackOverflowError at the top and prints how deep it got: with
 * an int argument ({@code countDown}) and with a String one ({@code countDownWith}). The depth depends on how far
 * the JIT got (interpreted frames are several times the size of compiled ones), so it overflows {@code rounds}
 * times per kind with a pause between for the compilers, and prints the first round's depth (what a first deep
 * call gets) and the best one's. Usage: {@code Deep [rounds] [pause ms]}.
 */
public class Deep {
    private static int deepest;

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long pause = args.length > 1 ? Long.parseLong(args[1]) : 0;
        report("int", rounds, pause, false);
        report("String", rounds, pause, true);
        System.out.println("after the overflows: " + countDown(10) + " " + countDownWith("x", 10));
    }

    private static void report(String kind, int rounds, long pause, boolean withText) throws InterruptedException {
        int first = 0;
        int best = 0;
        for (int round = 0; round < rounds; round++) {
            int depth = overflow(withText);
            first = round == 0 ? depth : first;
            best = Math.max(best, depth);
            Thread.sleep(pause);
        }
        System.out.println("depth " + kind + ": first " + first + ", best " + best);
        System.out.println(kind + " recursion overflowed " + rounds + " times, caught each time");
    }

    private static int overflow(boolean withText) {
        deepest = 0;
        try {
            if (withText) {
                countDownWith("level", Integer.MAX_VALUE);
            } else {
                countDown(Integer.MAX_VALUE);
            }
            throw new AssertionError("the stack did not overflow");
        } catch (StackOverflowError expected) {
            return deepest;
        }
    }

    /** Recurses to depth {@code MAX_VALUE - n}; n reaches 0 only long after the stack ran out. */
    static int countDown(int n) {
        int depth = Integer.MAX_VALUE - n;
        if (depth > deepest) {
            deepest = depth;
        }
        return n == 0 ? 0 : countDown(n - 1) + 1;
    }

    static int countDownWith(String label, int n) {
        int depth = Integer.MAX_VALUE - n;
        if (depth > deepest) {
            deepest = depth;
        }
        return n == 0 ? label.length() : countDownWith(label, n - 1) + 1;
    }
}
