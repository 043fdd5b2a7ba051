package io.flowtrace.recorder.runtime;

import jdk.internal.vm.annotation.DontInline;

/**
 * What instrumented methods call. Lives on the bootstrap class path so that classes of any class loader, and
 * of named JDK modules, can see it. The generated code passes primitive arguments and results typed, so that
 * nothing is boxed: one {@code enter(id, n, kinds, ...)} with the first {@value #ENTER_VALUES} arguments (a
 * primitive as the bits of a long, its {@linkplain #INTEGER kind} in {@code kinds}; an object as itself), then one
 * {@code argument} call per further parameter, each with the state the previous call returned (null once the enter
 * is not recorded), and at the end one typed {@code exit} with it.
 *
 * <p>The hooks are never inlined into a traced method ({@code @DontInline}, which HotSpot honours for classes of the
 * boot class path, where this one is): inlined, their code's spills made each compiled frame of a recursion two to
 * four times as big, and a recursion that works untraced overflowed its stack under the agent. A traced frame now
 * keeps only the enter state across its calls; each hook inlines what it calls into its own, short-lived frame.
 */
public final class Hooks {
    /** Arguments that the enter hooks take along; a method's further arguments each get an argument hook call. */
    public static final int ENTER_VALUES = 3;
    /** Bits of {@code kinds} per argument of an enter hook: the kind of argument i is at bit 4 * i. */
    public static final int KIND_BITS = 4;
    /** Kind of an argument passed as a long: a byte, short, int or long, its value. */
    public static final int INTEGER = 0;
    /** A boolean as 0 or 1. */
    public static final int BOOLEAN = 1;
    /** A char as its code. */
    public static final int CHAR = 2;
    /** A float as {@link Float#floatToRawIntBits}. */
    public static final int FLOAT = 3;
    /** A double as {@link Double#doubleToRawLongBits}. */
    public static final int DOUBLE = 4;
    /** An argument that holds a secret, of any type: its value is never passed (0). */
    public static final int SECRET = 5;

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

    /**
     * Enter of a method with its first arguments: each primitive as a long of the kind that {@code kinds} holds for
     * it (argument i's at bit {@code 4 * i}), each object as itself; {@code arguments} counts them all.
     */
    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        return active.typed(state, kinds, a);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        return active.object(state, a);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, long b) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        return active.typed(state, kinds >>> 4, b);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, Object b) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        return active.object(state, b);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, long b) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        return active.typed(state, kinds >>> 4, b);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, Object b) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        return active.object(state, b);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, long b, long c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        state = active.typed(state, kinds >>> 4, b);
        return active.typed(state, kinds >>> 8, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, long b, Object c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        state = active.typed(state, kinds >>> 4, b);
        return active.object(state, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, Object b, long c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        state = active.object(state, b);
        return active.typed(state, kinds >>> 8, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, long a, Object b, Object c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.typed(state, kinds, a);
        state = active.object(state, b);
        return active.object(state, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, long b, long c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        state = active.typed(state, kinds >>> 4, b);
        return active.typed(state, kinds >>> 8, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, long b, Object c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        state = active.typed(state, kinds >>> 4, b);
        return active.object(state, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, Object b, long c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        state = active.object(state, b);
        return active.typed(state, kinds >>> 8, c);
    }

    @DontInline
    public static Object enter(int method, int arguments, int kinds, Object a, Object b, Object c) {
        Tracer active = tracer;
        if (active == null) {
            return null;
        }
        Object state = active.enter(method, arguments);
        state = active.object(state, a);
        state = active.object(state, b);
        return active.object(state, c);
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
