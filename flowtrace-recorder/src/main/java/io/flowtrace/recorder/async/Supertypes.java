package io.flowtrace.recorder.async;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import io.flowtrace.recorder.ClassFileHeader;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Whether a class being loaded has one of a few types (the roots) among its supertypes, answered from the headers
 * of its class file and of its supertypes' (read through its class loader, as Byte Buddy's type pool would), each
 * supertype's answer kept per class loader. Cheaper than describing every class, because only the first lines of
 * each class file are read and most supertypes are answered from the cache.
 */
final class Supertypes {
    /** Answers kept per class loader before its cache starts over; a few MB at most. */
    private static final int CACHED_PER_LOADER = 20_000;
    /** Deeper than any real hierarchy: a cycle in broken class files ends here, undecided. */
    private static final int MAX_DEPTH = 100;

    /**
     * The boot layer's modules (the JDK's among them) by package: their classes are read from the module, which the
     * JDK's class loaders do without a URL. Through a URL, reading a supertype of the JDK's {@code jrt:} protocol
     * handler while that handler is being loaded fails (ClassCircularityError) and the program's own next
     * {@code jrt:} URL with it (seen: Jackson's date format failing to load the CLDR locale data under the agent).
     */
    private static final Map<String, Module> BOOT_LAYER_PACKAGES = bootLayerPackages();

    private final Set<String> roots;
    private final Map<String, Boolean> boot = new ConcurrentHashMap<>();
    /** Weak keys: the cache must not keep a class loader the program dropped. */
    private final Map<ClassLoader, Map<String, Boolean>> byLoader = new WeakHashMap<>();

    /** @param roots binary names, e.g. {@code java.util.concurrent.Executor} */
    Supertypes(Set<String> roots) {
        this.roots = Set.copyOf(roots);
    }

    /**
     * FALSE when the class of this header, loaded by {@code loader}, certainly neither is nor extends nor implements
     * a root; TRUE when it does; null when some supertype could not be read.
     */
    Boolean reachesRoot(ClassFileHeader header, ClassLoader loader) {
        String name = header.name().replace('/', '.');
        if (roots.contains(name)) {
            return Boolean.TRUE;
        }
        Boolean result = fromSupertypes(header, loader, 0);
        if (result != null) {
            remember(cacheOf(loader), name, result);
        }
        return result;
    }

    private Boolean fromSupertypes(ClassFileHeader header, ClassLoader loader, int depth) {
        Boolean result = header.superName() == null ? Boolean.FALSE : reaches(header.superName(), loader, depth + 1);
        if (Boolean.TRUE.equals(result)) {
            return result;
        }
        for (String type : header.interfaces()) {
            Boolean reaches = reaches(type, loader, depth + 1);
            if (Boolean.TRUE.equals(reaches)) {
                return reaches;
            }
            if (reaches == null) {
                result = null;
            }
        }
        return result;
    }

    private Boolean reaches(String internalName, ClassLoader loader, int depth) {
        String name = internalName.replace('/', '.');
        if (roots.contains(name)) {
            return Boolean.TRUE;
        }
        if (name.equals("java.lang.Object") || depth > MAX_DEPTH) {
            return name.equals("java.lang.Object") ? Boolean.FALSE : null;
        }
        boolean jdk = name.startsWith("java."); // only the JDK's loaders may define java.*
        ClassLoader owner = jdk ? null : loader;
        Map<String, Boolean> cache = cacheOf(owner);
        Boolean known = cache.get(name);
        if (known != null) {
            return known;
        }
        ClassFileHeader header = header(name, jdk ? ClassLoader.getPlatformClassLoader() : loader);
        Boolean result = header == null ? null : fromSupertypes(header, owner, depth);
        if (result != null) {
            remember(cache, name, result);
        }
        return result;
    }

    /** The header of the class file of {@code name} as {@code loader} would find it, or null when it cannot be read. */
    static ClassFileHeader header(String name, ClassLoader loader) {
        int dot = name.lastIndexOf('.');
        Module module = dot < 0 ? null : BOOT_LAYER_PACKAGES.get(name.substring(0, dot));
        try {
            if (module != null) {
                try (InputStream in = module.getResourceAsStream(name.replace('.', '/') + ".class")) {
                    return in == null ? null : ClassFileHeader.read(in.readAllBytes());
                }
            }
            ClassFileLocator.Resolution found = (loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                    : ClassFileLocator.ForClassLoader.of(loader)).locate(name);
            return found.isResolved() ? ClassFileHeader.read(found.resolve()) : null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Map<String, Module> bootLayerPackages() {
        Map<String, Module> packages = new HashMap<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (String name : module.getPackages()) {
                packages.put(name, module);
            }
        }
        return Map.copyOf(packages);
    }

    private Map<String, Boolean> cacheOf(ClassLoader loader) {
        if (loader == null) {
            return boot;
        }
        synchronized (byLoader) {
            return byLoader.computeIfAbsent(loader, key -> new ConcurrentHashMap<>());
        }
    }

    private static void remember(Map<String, Boolean> cache, String name, Boolean reaches) {
        if (cache.size() >= CACHED_PER_LOADER) {
            cache.clear();
        }
        cache.put(name, reaches);
    }
}
