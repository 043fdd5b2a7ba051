package demo;

/**
 * Recurses until the stack overflows, catches the StackOverflowError at the top and prints how deep it got: with
 * an int argument ({@code countDown}) and with a String one ({@code countDownWith}). The depth depends on how far
 * the JIT got (interpreted frames are several times the size of compiled ones), so it overflows at least
 * {@code rounds} times per kind with a pause between for the compilers, and on while the last rounds still went
 * deeper (on a busy machine the compilers take longer), and prints the first round's depth (what a first deep call
 * gets) and the best one's. Usage: {@code Deep [rounds] [pause ms]}.
 */
public class Deep {
    private static int deepest;
    /** Rounds without a deeper one after which the best counts as reached, and the most rounds in all. */
    private static final int PATIENCE = 5;
    private static final int MAX_ROUNDS = 60;

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
        int bestRound = 0;
        for (int round = 0; round < MAX_ROUNDS && (round < rounds || round - bestRound <= PATIENCE); round++) {
            int depth = overflow(withText);
            first = round == 0 ? depth : first;
            if (depth > best) {
                best = depth;
                bestRound = round;
            }
            Thread.sleep(pause);
        }
        System.out.println("depth " + kind + ": first " + first + ", best " + best);
        System.out.println(kind + " recursion overflowed at least " + rounds + " times, caught each time");
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
