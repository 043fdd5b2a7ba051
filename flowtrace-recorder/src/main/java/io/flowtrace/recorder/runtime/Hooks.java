package io.flowtrace.recorder.runtime;

/**
 * What instrumented methods call. Lives on the bootstrap class path so that classes of any class loader, and
 * of named JDK modules, can see it; each advice body is one call into here.
 */
public final class Hooks {
    private static volatile Tracer tracer;

    private Hooks() {
    }

    /** Starts sending calls to {@code active}; until then, and with null, the hooks do nothing. */
    public static void install(Tracer active) {
        tracer = active;
    }

    /** Enter of a method whose arguments are rendered; returns what the exit hook gets, null if not recorded. */
    public static Object enter(int method, Object[] arguments) {
        Tracer active = tracer;
        return active == null ? null : active.enter(method, arguments);
    }

    /** Enter of a method when values are not recorded. */
    public static Object enter(int method) {
        Tracer active = tracer;
        return active == null ? null : active.enter(method, null);
    }

    /** Exit of a method that returns a value, by return or by throwing. */
    public static void exit(int method, Object state, Object result, Throwable thrown) {
        Tracer active = tracer;
        if (active != null) {
            active.exit(method, state, result, thrown);
        }
    }

    /** Exit of a void method or a constructor. */
    public static void exitVoid(int method, Object state, Throwable thrown) {
        Tracer active = tracer;
        if (active != null) {
            active.exitVoid(method, state, thrown);
        }
    }
}
