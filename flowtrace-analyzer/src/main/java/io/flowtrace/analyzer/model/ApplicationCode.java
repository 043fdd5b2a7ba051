package io.flowtrace.analyzer.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The program's own code, as the recording defines it: the classes with traced methods (by default the
 * application's class folders and main jar; with {@code --include}, what the user chose), and the classes nested in
 * them. A frame of a framework or library (Reactor, Spring, Tomcat) is not, even outside the JDK: this is how a fork
 * or a wait deep inside a framework is taken back to the line of the program that caused it.
 */
public final class ApplicationCode {
    /** Top-level class names (before any {@code $}) that have a traced method. */
    private final Set<String> classes = new HashSet<>();

    /** The application code of a recording whose traced methods are {@code methods}. */
    public ApplicationCode(Collection<MethodInfo> methods) {
        for (MethodInfo m : Objects.requireNonNull(methods, "methods")) {
            classes.add(topLevel(m.className()));
        }
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested > 0 ? className.substring(0, nested) : className;
    }

    /** True for a frame of a class with traced methods, or nested in one (lambdas, anonymous classes). */
    public boolean contains(StackFrame frame) {
        return classes.contains(topLevel(frame.className()));
    }

    /** The innermost frame of application code in a stack (innermost frame first), or {@code null}. */
    public StackFrame nearest(List<StackFrame> stack) {
        for (StackFrame f : stack) {
            if (contains(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The frame of application code to name beside {@code site}, the first frame of {@code stack} outside the JDK:
     * the nearest one that called it when {@code site} is a framework's or library's; {@code null} when {@code site}
     * is the program's own, or no frame below it is.
     */
    public StackFrame callerOf(StackFrame site, List<StackFrame> stack) {
        if (site == null || contains(site)) {
            return null;
        }
        int at = stack.indexOf(site);
        return nearest(stack.subList(at < 0 ? 0 : at + 1, stack.size())); // callers only, not what the site called
    }
}
