package io.flowtrace.recorder;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder.CircularityLock;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * How the agent builders describe the classes they match, so that a class is read from its class file only when a
 * matcher needs more than its name, and a supertype at most once per class loader instead of once per subclass.
 */
public final class ClassDescriptions {
    /** Supertypes kept per class loader before its cache starts over; a few hundred KB at most. */
    private static final int CACHED_TYPES_PER_LOADER = 2_000;

    private ClassDescriptions() {
    }

    /**
     * A class being loaded described lazily from its class file (parsed when a matcher asks more than the name); a
     * loaded class being retransformed as Byte Buddy's {@code POOL_FIRST} does: from its class file where found.
     * {@code POOL_FIRST} alone would parse every class being loaded just to learn that the pool can describe it.
     */
    public static AgentBuilder.DescriptionStrategy lazy() {
        return Lazy.INSTANCE;
    }

    /**
     * Type pools that share, per class loader, the descriptions of the other types they read (the supertypes that
     * a subtype matcher walks); the class being transformed is always read from its own class file.
     */
    public static AgentBuilder.PoolStrategy cachedPool(TypePool.Default.ReaderMode mode) {
        return new CachedPool(mode);
    }

    private enum Lazy implements AgentBuilder.DescriptionStrategy {
        INSTANCE;

        @Override
        public boolean isLoadedFirst() {
            return false;
        }

        @Override
        public TypeDescription apply(String name, Class<?> type, TypePool pool, CircularityLock lock,
                                     ClassLoader loader, JavaModule module) {
            return type == null ? pool.describe(name).resolve()
                    : AgentBuilder.DescriptionStrategy.Default.POOL_FIRST.apply(name, type, pool, lock, loader, module);
        }
    }

    private static final class CachedPool extends AgentBuilder.PoolStrategy.WithTypePoolCache {
        private final TypePool.CacheProvider bootstrap = new Bounded();
        /** Weak keys: the cache must not keep a class loader the program dropped. */
        private final Map<ClassLoader, TypePool.CacheProvider> byLoader = new WeakHashMap<>();

        CachedPool(TypePool.Default.ReaderMode mode) {
            super(mode);
        }

        @Override
        protected TypePool.CacheProvider locate(ClassLoader loader) {
            if (loader == null) {
                return bootstrap;
            }
            synchronized (byLoader) {
                return byLoader.computeIfAbsent(loader, key -> new Bounded());
            }
        }
    }

    /** A type cache that starts over when full, so its memory stays bounded whatever the program loads. */
    private static final class Bounded implements TypePool.CacheProvider {
        private static final TypePool.Resolution OBJECT = new TypePool.Resolution.Simple(TypeDescription.ForLoadedType
                .of(Object.class)); // the supertype of all, described once and not read from any class file

        private final Map<String, TypePool.Resolution> types = new ConcurrentHashMap<>();

        Bounded() {
            clear();
        }

        @Override
        public TypePool.Resolution find(String name) {
            return types.get(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            if (types.size() >= CACHED_TYPES_PER_LOADER) {
                clear();
            }
            TypePool.Resolution known = types.putIfAbsent(name, resolution);
            return known == null ? resolution : known;
        }

        @Override
        public void clear() {
            types.clear();
            types.put(Object.class.getName(), OBJECT);
        }
    }
}
