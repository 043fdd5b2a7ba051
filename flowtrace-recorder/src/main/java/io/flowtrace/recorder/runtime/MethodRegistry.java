package io.flowtrace.recorder.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** The id the next method gets: above those {@link #reserve}d. Guarded by this. */
    private int next;
    /** Methods registered. Guarded by this. */
    private int size;

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
            added = new MethodInfo(next++, type, name, descriptor, parameterNames, modifiers, secret);
            place(added);
        }
        onRegistered.accept(added);
        return added.id();
    }

    /**
     * Keeps the ids below {@code count} for the methods of classes instrumented in an earlier run and kept in a
     * cache: methods registered from now on get ids above them. Called before any registration.
     */
    public synchronized void reserve(int count) {
        next = Math.max(next, count);
    }

    /**
     * Registers the methods of a class instrumented in an earlier run under the ids they had then (below those
     * {@linkplain #reserve reserved}), or none of them: false when one of them has another id here, or one of the
     * ids is another method's.
     */
    public boolean registerAt(List<MethodInfo> methods) {
        List<MethodInfo> added = new ArrayList<>(methods.size());
        synchronized (this) {
            for (MethodInfo method : methods) {
                MethodInfo known = byKey.get(key(method));
                MethodInfo holder = method.id() < byId.length ? byId[method.id()] : null;
                if (method.id() < 0 || method.id() >= next || known != holder
                        || known != null && known.id() != method.id()) {
                    return false;
                }
            }
            for (MethodInfo method : methods) {
                if (byKey.get(key(method)) == null) {
                    place(method);
                    added.add(method);
                }
            }
        }
        added.forEach(onRegistered);
        return true;
    }

    private static String key(MethodInfo method) {
        return method.type() + '.' + method.name() + method.descriptor();
    }

    /** Puts a new method at its id. Under this. */
    private void place(MethodInfo added) {
        int id = added.id();
        MethodInfo[] table = byId;
        if (id >= table.length) {
            table = Arrays.copyOf(table, Math.max(table.length * 2, Integer.highestOneBit(id) * 2));
        }
        table[id] = added;
        byId = table;
        boolean[] flags = traced;
        if (id >= flags.length) {
            flags = Arrays.copyOf(flags, table.length);
        }
        flags[id] = true;
        traced = flags; // after byId: a traced id has its MethodInfo
        byKey.put(key(added), added);
        size++;
    }

    /** The method with that id; the id must come from {@link #register} or {@link #registerAt}. */
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
            count = Math.min(next, table.length);
        }
        for (int i = 0; i < count; i++) {
            if (table[i] != null) {
                action.accept(table[i]);
            }
        }
    }
}
