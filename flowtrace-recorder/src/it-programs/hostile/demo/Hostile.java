package demo;

/** A value whose toString() fails hard: with values=tostring, tracing of the method that gets it must stop. */
public class Hostile {
    @Override
    public String toString() {
        throw new AssertionError("toString is off limits");
    }

    static int accept(Hostile value, int round) {
        return round * 2;
    }

    public static void main(String[] args) {
        for (int round = 1; round <= 3; round++) {
            System.out.println("round " + round + ": " + accept(new Hostile(), round));
        }
    }
}
