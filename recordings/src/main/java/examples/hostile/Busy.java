package examples.hostile;

/** Calls one small method millions of times a second for a few seconds: a selection that floods its recording. */
public final class Busy {
    private Busy() {
    }

    static int step(int value) {
        return value + 1;
    }

    public static void main(String[] args) {
        long end = System.currentTimeMillis() + Long.parseLong(args.length > 0 ? args[0] : "5000");
        int value = 0;
        while (System.currentTimeMillis() < end) {
            for (int i = 0; i < 1000; i++) {
                value = step(value);
            }
        }
        System.out.println("stepped " + (value > 0 ? "many" : "no") + " times");
    }
}
