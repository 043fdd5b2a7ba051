package examples.hostile;

/**
 * Recursion into a StackOverflowError, caught by the program, which then goes on calling traced methods. The
 * depth reached differs with the agent (traced frames are larger), so only its order of magnitude is printed.
 */
public class DeepRecursion {
    static int depth;

    static void descend(int level) {
        depth = level;
        descend(level + 1);
    }

    static int afterwards(int n) {
        return n + 1;
    }

    public static void main(String[] args) {
        for (int round = 1; round <= 3; round++) {
            try {
                descend(1);
            } catch (StackOverflowError e) {
                System.out.println("round " + round + ": overflowed " + (depth > 1000 ? "deeper than 1000 calls"
                        : "at " + depth + " calls"));
            }
            System.out.println("still working: " + afterwards(round));
        }
    }
}
