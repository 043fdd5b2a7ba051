package io.flowtrace.analyzer;

/** The methods the synthetic-stream tests call, and a recursive fib that scripts their events. */
public final class DemoMethods {
    public static final int FIB = 1;
    public static final int MAIN = 2;
    public static final int WORK = 3;
    public static final int INIT = 4;
    public static final int CHECK = 5;
    public static final int LOAD = 6;

    private DemoMethods() {
    }

    /** A stream that defines all of them. */
    public static Synthetic definitions() {
        return new Synthetic()
                .method(FIB, "com.acme.Fib", "fib", "(I)I")
                .method(MAIN, "com.acme.App", "main", "([Ljava/lang/String;)V")
                .method(WORK, "com.acme.App", "work", "(Ljava/lang/String;)Ljava/lang/String;")
                .method(INIT, "com.acme.Order", "<init>", "(I)V")
                .method(CHECK, "com.acme.Order", "check", "(I)V")
                .method(LOAD, "com.acme.Repo", "load", "()Ljava/lang/String;");
    }

    /** Scripts the enters and exits of {@code Fib.fib(n)} on {@code t}; returns fib(n). */
    public static int fib(Synthetic.Script t, int n) {
        t.enter(FIB, String.valueOf(n));
        int r = n < 2 ? n : fib(t, n - 1) + fib(t, n - 2);
        t.exit(FIB, String.valueOf(r));
        return r;
    }
}
