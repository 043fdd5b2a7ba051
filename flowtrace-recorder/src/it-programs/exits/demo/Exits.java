package demo;

/** Ends in the way its argument says: normal, exit (System.exit(3)) or uncaught (an exception out of main). */
public class Exits {
    public static void main(String[] args) {
        System.out.println("start " + args[0]);
        System.err.println("stderr before the end");
        finish(args[0]);
        System.out.println("main returns");
    }

    static void finish(String how) {
        switch (how) {
            case "exit" -> {
                System.out.println("calling System.exit(3)");
                System.exit(3);
            }
            case "uncaught" -> throw new IllegalStateException("nobody catches this");
            default -> System.out.println("finishing normally");
        }
    }
}
