package io.flowtrace.recorder.runtime;

import java.util.Objects;

/**
 * A {@link ClassValue} with a faster way in for the classes that never unload: those of the JVM's own class loaders
 * (boot, platform, application), hidden classes excepted. They are kept in a small open table by identity hash,
 * one load and one compare per lookup where a {@code ClassValue} follows a chain of five dependent loads (the
 * class's map, its cache, the entry, the entry's version, the value), the largest item of a traced call with an
 * object argument. Other classes (of a program's own loaders, which may unload) are only in the ClassValue, which
 * keeps them weakly. Lock-free: a slot is written once, with an immutable entry.
 */
final class ClassTable<T> {
    /** Slots of the table: a power of two; twice the number of classes a program's hot calls pass around. */
    private static final int SLOTS = 4096;
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();

    private record Entry<T>(Class<?> type, T value) {
    }

    private final ClassValue<T> values;
    private final Entry<?>[] slots = new Entry<?>[SLOTS];

    ClassTable(ClassValue<T> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** The value of {@code type}, as {@link ClassValue#get} gives it. */
    @SuppressWarnings("unchecked")
    T get(Class<?> type) {
        int slot = System.identityHashCode(type) & SLOTS - 1;
        Entry<?> entry = slots[slot];
        if (entry != null && entry.type() == type) {
            return (T) entry.value();
        }
        entry = slots[slot ^ 1]; // two ways: a pair of hot classes on one slot does not fall back on every call
        if (entry != null && entry.type() == type) {
            return (T) entry.value();
        }
        return miss(type, slot);
    }

    private T miss(Class<?> type, int slot) {
        T value = values.get(type);
        if (neverUnloads(type)) {
            // first come keeps the slot: no allocation, no shared write on every call of two colliding classes
            if (slots[slot] == null) {
                slots[slot] = new Entry<>(type, value);
            } else if (slots[slot ^ 1] == null) {
                slots[slot ^ 1] = new Entry<>(type, value);
            }
        }
        return value;
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
