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
    /**
     * Per id, whether calls of the method are recorded: read on every traced call, and dense, so that the call
     * loads no MethodInfo (a cache miss per call on code with many methods). Written under this.
     */
    private volatile boolean[] traced = new boolean[256];
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
            table[size] = added;
            byId = table;
            boolean[] flags = traced;
            if (size == flags.length) {
                flags = Arrays.copyOf(flags, table.length);
            }
            flags[size++] = true;
            traced = flags; // after byId: a traced id has its MethodInfo
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
     * Whether calls of method {@code id} are recorded: false once its tracing was {@linkplain #disable stopped},
     * and for an id this registry never handed out (one compiled into a class by an earlier attach that could not
     * be put back).
     */
    boolean isTraced(int id) {
        boolean[] flags = traced;
        return id >= 0 && id < flags.length && flags[id];
    }

    /** Stops recording calls of {@code method}; true only for the caller that stopped it, to report it once. */
    synchronized boolean disable(MethodInfo method) {
        traced[method.id()] = false;
        return method.disable();
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
