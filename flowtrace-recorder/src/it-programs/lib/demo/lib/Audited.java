package demo.lib;

import io.flowtrace.Trace;

/** A dependency with one method marked @Trace, which is traced wherever it lives. */
public class Audited {
    @Trace
    public static int audit(int amount) {
        return amount + 1;
    }

    public static int unmarked(int amount) {
        return amount;
    }
}
