package io.flowtrace.recorder.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The forked task objects (FutureTasks, ForkJoinTasks, Threads, returned futures) and their task, by identity,
 * without keeping them alive: JDK classes cannot get a field of ours when they are retransformed. Also what a
 * combined future or a scope stands for ({@link TaskGroup}).
 */
final class TaskRegistry<V> {
    private final ConcurrentHashMap<Object, V> tasks = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    void put(Object task, V info) {
        purge();
        tasks.put(new WeakKey(task, collected), info);
    }

    /** Links one more object (e.g. the future a submit returned) to an already forked task. */
    void alias(Object object, V info) {
        purge();
        tasks.putIfAbsent(new WeakKey(object, collected), info);
    }

    /** The value of {@code object}, made and added by {@code made} when it has none yet. */
    V getOrAdd(Object object, java.util.function.Supplier<V> made) {
        V known = get(object);
        if (known != null) {
            return known;
        }
        V fresh = made.get();
        purge();
        V raced = tasks.putIfAbsent(new WeakKey(object, collected), fresh);
        return raced == null ? fresh : raced;
    }

    V get(Object task) {
        if (task == null || tasks.isEmpty()) {
            return null;
        }
        return tasks.get(new LookupKey(task));
    }

    private void purge() {
        for (Object key; (key = collected.poll()) != null; ) {
            tasks.remove(key);
        }
    }

    /** Equal to the key of the same object, without a reference queue; only for lookups. */
    private static final class LookupKey {
        final Object object;

        LookupKey(Object object) {
            this.object = object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WeakKey && ((WeakKey) other).get() == object;
        }
    }

    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object object, ReferenceQueue<Object> queue) {
            super(object, queue);
            hash = System.identityHashCode(object);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object mine = get();
            if (other instanceof LookupKey) {
                return mine != null && mine == ((LookupKey) other).object;
            }
            return other instanceof WeakKey && mine != null && mine == ((WeakKey) other).get();
        }
    }
}
