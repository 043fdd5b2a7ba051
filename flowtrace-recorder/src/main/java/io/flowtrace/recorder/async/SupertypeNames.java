package io.flowtrace.recorder.async;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.flowtrace.recorder.ClassFileHeader;

/**
 * The binary names of all of a class's supertypes (its superclasses and the interfaces of each, transitively): what
 * the task instrumentation's matchers see of a class besides its own class file. Read from the class file headers
 * of a class being loaded and of its supertypes, through its class loader, or from a loaded class.
 */
final class SupertypeNames {
    /** Deeper than any real hierarchy: a cycle in broken class files ends here, unread. */
    private static final int MAX_DEPTH = 100;
    /** Answers for the JDK's {@code java.*} types (the same for every loader), which most hierarchies end in. */
    private final Map<String, Set<String>> jdk = new ConcurrentHashMap<>();

    /** The supertypes of the class of {@code header}, loaded by {@code loader}; null when one cannot be read. */
    Set<String> of(ClassFileHeader header, ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        return addSupertypes(header, loader, names, 0) ? names : null;
    }

    /** The supertypes of a loaded class. */
    static Set<String> of(Class<?> type) {
        Set<String> names = new TreeSet<>();
        names.add("java.lang.Object"); // an interface's class file names it as its superclass; Class does not
        addSupertypes(type, names);
        return names;
    }

    private static void addSupertypes(Class<?> type, Set<String> names) {
        Class<?> superclass = type.getSuperclass();
        if (superclass != null && names.add(superclass.getName())) {
            addSupertypes(superclass, names);
        }
        for (Class<?> each : type.getInterfaces()) {
            if (names.add(each.getName())) {
                addSupertypes(each, names);
            }
        }
    }

    private boolean addSupertypes(ClassFileHeader header, ClassLoader loader, Set<String> names, int depth) {
        if (header.superName() != null && !add(header.superName(), loader, names, depth + 1)) {
            return false;
        }
        for (String each : header.interfaces()) {
            if (!add(each, loader, names, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private boolean add(String internalName, ClassLoader loader, Set<String> names, int depth) {
        String name = internalName.replace('/', '.');
        if (!names.add(name)) {
            return true;
        }
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (name.startsWith("java.")) { // only the JDK's loaders may define java.*
            Set<String> known = jdk.get(name);
            if (known == null) {
                ClassFileHeader header = Supertypes.header(name, ClassLoader.getPlatformClassLoader());
                Set<String> found = new TreeSet<>();
                if (header == null || !addSupertypes(header, null, found, depth)) {
                    return false;
                }
                known = Set.copyOf(found);
                jdk.put(name, known);
            }
            names.addAll(known);
            return true;
        }
        ClassFileHeader header = Supertypes.header(name, loader);
        return header != null && addSupertypes(header, loader, names, depth);
    }
}
