package io.flowtrace.recorder.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands out the int ids that recorded calls refer to: one per class name, method name and descriptor, however
 * often the class is loaded or retransformed. Registration happens while classes are instrumented; the hot
 * path only reads {@link #get(int)}.
 */
public final class MethodRegistry {
    private final Map<String, MethodInfo> byKey = new ConcurrentHashMap<>();
    private final Consumer<MethodInfo> onRegistered;
    private volatile MethodInfo[] byId = new MethodInfo[256];
    private int size; // guarded by this

    /** @param onRegistered told of every method the first time it is registered (commits its definition) */
    public MethodRegistry(Consumer<MethodInfo> onRegistered) {
        this.onRegistered = Objects.requireNonNull(onRegistered, "onRegistered");
    }

    /**
     * Returns the id of a method, registering it on first sight.
     *
     * @param parameterNames parameter names joined by commas, or null when unknown
     * @param secret which parameters hold secrets, or null when none does
     */
    public int register(String type, String name, String descriptor, String parameterNames, int modifiers,
                        boolean[] secret) {
        String key = type + '.' + name + descriptor;
        MethodInfo known = byKey.get(key);
        if (known != null) {
            return known.id();
        }
        MethodInfo added;
        synchronized (this) { // class loading only, never on a traced call
            known = byKey.get(key);
            if (known != null) {
                return known.id();
            }
            added = new MethodInfo(size, type, name, descriptor, parameterNames, modifiers, secret);
            MethodInfo[] table = byId;
            if (size == table.length) {
                table = Arrays.copyOf(table, table.length * 2);
            }
            table[size++] = added;
            byId = table;
            byKey.put(key, added);
        }
        onRegistered.accept(added);
        return added.id();
    }

    /** The method with that id; the id must come from {@link #register}. */
    public MethodInfo get(int id) {
        return byId[id];
    }

    /**
     * The method with that id, or null for an id this registry never handed out: one compiled into a class by an
     * earlier attach that could not be put back.
     */
    MethodInfo find(int id) {
        MethodInfo[] table = byId;
        return id >= 0 && id < table.length ? table[id] : null;
    }

    /** The id of a registered method, or -1. */
    int idOf(String type, String name, String descriptor) {
        MethodInfo known = byKey.get(type + '.' + name + descriptor);
        return known == null ? -1 : known.id();
    }

    public synchronized int size() {
        return size;
    }

    /** Visits every registered method in id order. */
    public void forEach(Consumer<MethodInfo> action) {
        MethodInfo[] table;
        int count;
        synchronized (this) {
            table = byId;
            count = size;
        }
        for (int i = 0; i < count; i++) {
            action.accept(table[i]);
        }
    }
}
