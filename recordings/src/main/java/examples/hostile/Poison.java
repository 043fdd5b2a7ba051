package examples.hostile;

/** A toString that fails with an Error the renderer does not expect: tracing of the method that gets it stops. */
public class Poison {
    @Override
    public String toString() {
        throw new AssertionError("toString is off limits");
    }

    static int accept(Poison value, int round) {
        return round * 2;
    }

    public static void main(String[] args) {
        for (int round = 1; round <= 3; round++) {
            System.out.println("round " + round + ": " + accept(new Poison(), round));
        }
    }
}
