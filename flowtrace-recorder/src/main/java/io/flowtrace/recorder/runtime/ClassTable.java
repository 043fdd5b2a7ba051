package io.flowtrace.recorder.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A {@link ClassValue} with a faster way in for the classes that never unload: those of the JVM's own class loaders
 * (boot, platform, application), hidden classes excepted. They are kept in a small two-way table by identity
 * hash, a load from a hot array and a compare per lookup where a {@code ClassValue} follows a chain of five dependent
 * loads (the class's map, its cache, the entry, the entry's version, the value), the largest item of a traced call
 * with an object argument. Other classes (of a program's own loaders, which may unload) are only in the ClassValue,
 * which keeps them weakly. Reads are lock-free; a slot is written once, under a lock.
 */
final class ClassTable<T> {
    /** Slots of the table: a power of two; twice the number of classes a program's hot calls pass around. */
    private static final int SLOTS = 4096;
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();
    private static final VarHandle TYPES = MethodHandles.arrayElementVarHandle(Class[].class);

    private final ClassValue<T> values;
    /** The classes of the slots; a class is written after its value (release), read before it (acquire). */
    private final Class<?>[] types = new Class<?>[SLOTS];
    private final Object[] slotValues = new Object[SLOTS];

    ClassTable(ClassValue<T> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** The value of {@code type}, as {@link ClassValue#get} gives it. */
    @SuppressWarnings("unchecked")
    T get(Class<?> type) {
        // two arrays side by side, not an entry object per class: a cold entry was one more cache miss per value
        int slot = System.identityHashCode(type) & SLOTS - 1;
        if (TYPES.getAcquire(types, slot) == type) {
            return (T) slotValues[slot];
        }
        slot ^= 1; // two ways: a pair of hot classes on one slot does not fall back on every call
        if (TYPES.getAcquire(types, slot) == type) {
            return (T) slotValues[slot];
        }
        return miss(type, slot ^ 1);
    }

    private T miss(Class<?> type, int slot) {
        T value = values.get(type);
        if (neverUnloads(type)) {
            // first come keeps the slot: no shared write on every call of two colliding classes
            claim(slot, type, value);
        }
        return value;
    }

    /** Puts {@code type} in the first free way of its slot, unless another thread did already. */
    private synchronized void claim(int slot, Class<?> type, T value) {
        for (int way = slot; ; way ^= 1) {
            if (types[way] == type) {
                return;
            }
            if (types[way] == null) {
                slotValues[way] = value;
                TYPES.setRelease(types, way, type);
                return;
            }
            if (way != slot) {
                return; // both ways taken: the class goes on through the ClassValue
            }
        }
    }

    /** Whether holding {@code type} strongly keeps nothing alive that would otherwise go. */
    static boolean neverUnloads(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isHidden()) {
            return false; // a lambda's or proxy's class unloads on its own
        }
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == PLATFORM || loader == SYSTEM;
    }
}
