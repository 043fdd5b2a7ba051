package io.flowtrace.recorder.async;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an instrumentation's {@link AsyncInstrumentation#types()} may match, by names alone, so that a class being
 * loaded can be passed over without parsing it: classes of these exact names, with this name prefix, or classes (not
 * interfaces: no instrumentation matches one through its supertypes) with one of these types among their
 * supertypes; for {@code programSupertypes}, only classes outside the JDK's packages. Must cover at least every class
 * {@code types()} matches. Binary names ({@code java.util.concurrent.Executor}).
 */
record TaskCandidates(Set<String> names, List<String> prefixes, Set<String> supertypes,
                      Set<String> programSupertypes) {
    static TaskCandidates named(String... names) {
        return new TaskCandidates(Set.of(names), List.of(), Set.of(), Set.of());
    }

    static TaskCandidates prefixed(String prefix) {
        return new TaskCandidates(Set.of(), List.of(prefix), Set.of(), Set.of());
    }

    static TaskCandidates subtypesOf(Class<?> type) {
        return new TaskCandidates(Set.of(), List.of(), Set.of(type.getName()), Set.of());
    }

    /** The program's classes, not the JDK's ({@code java.}, {@code jdk.}, {@code sun.}), that extend {@code type}. */
    static TaskCandidates programSubtypesOf(Class<?> type) {
        return new TaskCandidates(Set.of(), List.of(), Set.of(), Set.of(type.getName()));
    }

    TaskCandidates orSubtypesOf(String supertype) {
        Set<String> all = new HashSet<>(supertypes);
        all.add(supertype);
        return new TaskCandidates(names, prefixes, Set.copyOf(all), programSupertypes);
    }

    /** The classes any of {@code each} may match. */
    static TaskCandidates union(List<TaskCandidates> each) {
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        Set<String> supertypes = new HashSet<>();
        Set<String> programSupertypes = new HashSet<>();
        for (TaskCandidates candidates : each) {
            names.addAll(candidates.names);
            prefixes.addAll(candidates.prefixes);
            supertypes.addAll(candidates.supertypes);
            programSupertypes.addAll(candidates.programSupertypes);
        }
        return new TaskCandidates(Set.copyOf(names), List.copyOf(prefixes), Set.copyOf(supertypes),
                Set.copyOf(programSupertypes));
    }

    /** Every supertype that may make a class a candidate, the program-only ones included. */
    Set<String> allSupertypes() {
        Set<String> all = new HashSet<>(supertypes);
        all.addAll(programSupertypes);
        return all;
    }

    /** Whether a class of this name belongs to the JDK, whose classes {@code programSupertypes} do not cover. */
    static boolean isJdkName(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    /**
     * Whether a loaded class is a candidate: by its name or by the names of its supertypes, read by reflection.
     * Describing each loaded class for Byte Buddy's matchers instead was a third of the task instrumentation's start.
     */
    boolean coversLoaded(Class<?> type) {
        if (coversName(type.getName())) {
            return true;
        }
        return !type.isInterface() && (reaches(type, supertypes)
                || !isJdkName(type.getName()) && reaches(type, programSupertypes));
    }

    /** Whether {@code type} is, extends or implements one of {@code roots}, by its loaded supertypes. */
    private static boolean reaches(Class<?> type, Set<String> roots) {
        if (roots.isEmpty()) {
            return false;
        }
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (roots.contains(each.getName()) || anyInterfaceIn(each.getInterfaces(), roots)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyInterfaceIn(Class<?>[] interfaces, Set<String> roots) {
        for (Class<?> each : interfaces) {
            if (roots.contains(each.getName()) || anyInterfaceIn(each.getInterfaces(), roots)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name alone makes a class a candidate. */
    boolean coversName(String name) {
        if (names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
