package io.flowtrace.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Objects;

import net.bytebuddy.description.annotation.AnnotationSource;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Decides which methods are traced: every method and constructor marked {@code @Trace} (or declared by a class
 * marked with it), plus the methods of included classes (by default the application's own code), minus the
 * excluded ones; an exclude wins, also over {@code @Trace}.
 */
final class TraceSelection {
    static final String TRACE = "io.flowtrace.Trace";
    /** How a class file names the annotation, in its constant pool. */
    private static final byte[] TRACE_DESCRIPTOR =
            ("L" + TRACE.replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);

    private final TracePatterns includes;
    private final TracePatterns excludes;
    private final AppCode appCode;

    TraceSelection(TracePatterns includes, TracePatterns excludes, AppCode appCode) {
        this.includes = Objects.requireNonNull(includes, "includes");
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.appCode = Objects.requireNonNull(appCode, "appCode");
    }

    /**
     * Classes that are never instrumented, whatever the patterns say: FlowTrace and its Byte Buddy, the core of
     * the JDK that the hooks and JFR themselves run on, and generated proxies.
     */
    static boolean isOffLimits(String name, JavaModule module) {
        if (name.startsWith("io.flowtrace.") || name.startsWith("net.bytebuddy.") || name.startsWith("java.")
                || name.startsWith("sun.") || name.startsWith("jdk.internal.") || name.startsWith("jdk.jfr.")
                || name.startsWith("com.sun.proxy.") || name.startsWith("jdk.proxy") || name.contains("$$Lambda")) {
            return true;
        }
        if (module != null && module.isNamed()) {
            String moduleName = module.getActualName();
            return moduleName.equals("java.base") || moduleName.equals("jdk.jfr");
        }
        return false;
    }

    /**
     * Whether a class loaded before the agent may have traced methods: false only where {@link #tracedMethods}
     * returns null. Judged by its name and class loader where they decide (the JDK's classes are traced only when
     * included by name, so the agent need not read the class files of all the JDK's classes loaded before it), else
     * by whether its class file names {@code @Trace}.
     */
    boolean mayTrace(Class<?> type) {
        String name = type.getName();
        ClassLoader loader = type.getClassLoader();
        if (!mayTrace(name, loader, null, null)) {
            return false;
        }
        if (includes.matchesType(name) || includes.isEmpty() && appCode.contains(loader, type.getProtectionDomain())) {
            return true;
        }
        // only a @Trace could make it traced: its class file says whether it has one (read as the class loader has
        // it; a running program has thousands of classes that retransforming for nothing would only risk)
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null || hasConstant(in.readAllBytes(), TRACE_DESCRIPTOR);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Whether a class being loaded may have traced methods, judged without parsing its class file: false only where
     * {@link #tracedMethods} returns null. A class that is neither included nor the application's own is traced
     * only for a {@code @Trace} on it or on a method, and then the annotation's descriptor is in its class file.
     *
     * @param classFile the class file, or null when not at hand
     */
    boolean mayTrace(String name, ClassLoader loader, ProtectionDomain domain, byte[] classFile) {
        if (excludes.coversWholeType(name)) {
            return false;
        }
        if (includes.matchesType(name)) {
            return true;
        }
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return false; // the JDK's own classes: only when included
        }
        return classFile == null || includes.isEmpty() && appCode.contains(loader, domain)
                || hasConstant(classFile, TRACE_DESCRIPTOR);
    }

    /**
     * Whether the constant pool of a class file holds the UTF-8 constant {@code value}: a walk over the pool's
     * entries, not a scan of the whole file. True also when the file cannot be read, so that Byte Buddy decides.
     */
    static boolean hasConstant(byte[] classFile, byte[] value) {
        try {
            int count = ConstantPool.count(classFile);
            int at = ConstantPool.START;
            for (int index = 1; index < count;
                    index += ConstantPool.slots(classFile, at), at += ConstantPool.size(classFile, at)) {
                if ((classFile[at] & 0xff) == ConstantPool.UTF8 && ConstantPool.u2(classFile, at + 1) == value.length
                        && Arrays.equals(classFile, at + 3, at + 3 + value.length, value, 0, value.length)) {
                    return true;
                }
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            return true; // a constant of a newer class file format, or a broken file
        }
    }

    /**
     * What decides, besides a class's name and class file, which of its methods {@link #tracedMethods} traces: bit 0
     * set for the JDK's class loaders, bit 1 for the application's own code (when no include is given).
     */
    int contextOf(ClassLoader loader, ProtectionDomain domain) {
        boolean jdk = loader == null || loader == ClassLoader.getPlatformClassLoader();
        return jdk ? 1 : includes.isEmpty() && appCode.contains(loader, domain) ? 2 : 0;
    }

    /** The methods of the class to trace, or null when none is. */
    ElementMatcher<MethodDescription> tracedMethods(TypeDescription type, ClassLoader loader,
                                                    ProtectionDomain domain) {
        String name = type.getName();
        if (excludes.coversWholeType(name)) {
            return null;
        }
        boolean jdk = loader == null || loader == ClassLoader.getPlatformClassLoader();
        boolean included = includes.isEmpty() ? !jdk && appCode.contains(loader, domain) : includes.matchesType(name);
        boolean wholeTypeTraced = !jdk && isMarked(type);
        if (!included && !wholeTypeTraced && (jdk || !hasMarkedMethod(type))) {
            return null;
        }
        return method -> isTraceable(method)
                && (wholeTypeTraced || isMarked(method)
                    || included && (includes.isEmpty() || includes.matchesMethod(name, method.getInternalName())))
                && !excludes.matchesMethod(name, method.getInternalName());
    }

    /**
     * Methods with code of their own: no abstract or native methods, no bridges or other compiler-made methods
     * except lambda bodies (which belong to the method that wrote them), no static initializers.
     */
    static boolean isTraceable(MethodDescription method) {
        return (method.isMethod() || method.isConstructor())
                && !method.isAbstract() && !method.isNative() && !method.isBridge()
                && (!method.isSynthetic() || method.getInternalName().startsWith("lambda$"));
    }

    private static boolean hasMarkedMethod(TypeDescription type) {
        for (MethodDescription method : type.getDeclaredMethods()) {
            if (isMarked(method)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMarked(AnnotationSource element) {
        for (var annotation : element.getDeclaredAnnotations()) {
            if (annotation.getAnnotationType().getName().equals(TRACE)) {
                return true;
            }
        }
        return false;
    }
}
