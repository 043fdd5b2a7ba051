package io.flowtrace.recorder.runtime;

import jdk.internal.vm.annotation.DontInline;

/**
 * What instrumented methods call. Lives on the bootstrap class path so that classes of any class loader, and
 * of named JDK modules, can see it. The generated code passes primitive arguments and results typed, so that
 * nothing is boxed: {@code enter(id, n)}, then one {@code argument} call per parameter, each with the state the
 * previous call returned (null once the enter is not recorded), and at the end one typed {@code exit} with it.
 *
 * <p>The hooks are never inlined into a traced method ({@code @DontInline}, which HotSpot honours for classes of the
 * boot class path, where this one is): inlined, their code's spills made each compiled frame of a recursion two to
 * four times as big, and a recursion that works untraced overflowed its stack under the agent. A traced frame now
 * keeps only the enter state across its calls; each hook inlines what it calls into its own, short-lived frame.
 */
public final class Hooks {
    private static volatile Tracer tracer;

    private Hooks() {
    }

    /** Starts sending calls to {@code active}; until then, and with null, the hooks do nothing. */
    public static void install(Tracer active) {
        tracer = active;
    }

    /** Enter of a method whose {@code arguments} values follow; returns the state for them and the exit, or null. */
    @DontInline
    public static Object enter(int method, int arguments) {
        Tracer active = tracer;
        return active == null ? null : active.enter(method, arguments);
    }

    /** Enter of a method when values are not recorded. */
    @DontInline
    public static Object enter(int method) {
        Tracer active = tracer;
        return active == null ? null : active.enter(method, -1);
    }

    /** A byte, short or int argument. */
    @DontInline
    public static Object argument(Object state, int value) {
        return state == null ? null : Tracer.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, long value) {
        return state == null ? null : Tracer.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, boolean value) {
        return state == null ? null : Tracer.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, float value) {
        return state == null ? null : Tracer.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, double value) {
        return state == null ? null : Tracer.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, char value) {
        Tracer active = tracer;
        return state == null || active == null ? null : active.argument(state, value);
    }

    @DontInline
    public static Object argument(Object state, Object value) {
        Tracer active = tracer;
        return state == null || active == null ? null : active.argument(state, value);
    }

    /** An argument that holds a secret; its value is never passed. */
    @DontInline
    public static Object secret(Object state) {
        return state == null ? null : Tracer.secret(state);
    }

    /** Exit of a method returning byte, short or int, by return or by throwing; true when the state was not null. */
    @DontInline
    public static boolean exit(Object state, int result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitInteger(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, long result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitInteger(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, boolean result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitBoolean(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, char result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitChar(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, float result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitFloat(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, double result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitDouble(state, result, thrown, method);
        return true;
    }

    @DontInline
    public static boolean exit(Object state, Object result, Throwable thrown, int method) {
        Tracer active = tracer;
        if (state == null || active == null) {
            return false;
        }
        active.exitObject(state, result, thrown, method);
        return true;
    }

    /** Exit of a void method or a constructor. */
    @DontInline
    public static void exitVoid(int method, Object state, Throwable thrown) {
        Tracer active = tracer;
        if (active != null) {
            active.exitVoid(method, state, thrown);
        }
    }
}
