package io.flowtrace.recorder;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is traced when no include is given: "the application's own code", i.e. classes loaded from a directory
 * ({@code target/classes}, {@code java -cp app Fib}) or from the jar that holds the main class; never classes of
 * the JDK and never other jars (the dependencies).
 */
final class AppCode {
    private final Path javaHome;
    private final Path mainJar;
    private final Map<String, Boolean> byLocation = new ConcurrentHashMap<>();

    AppCode(Path javaHome, Path mainJar) {
        this.javaHome = normalize(javaHome);
        this.mainJar = mainJar == null ? null : normalize(mainJar);
    }

    /** Reads the running JVM's java.home and main jar (from {@code sun.java.command}). */
    static AppCode ofThisJvm() {
        return new AppCode(Path.of(System.getProperty("java.home")), mainJar(System.getProperty("sun.java.command")));
    }

    Path mainJar() {
        return mainJar;
    }

    /** Whether a class with that loader and protection domain is the application's own. */
    boolean contains(ClassLoader loader, ProtectionDomain domain) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || domain == null) {
            return false;
        }
        CodeSource source = domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return false;
        }
        return byLocation.computeIfAbsent(location.toString(), this::isApplicationLocation);
    }

    private boolean isApplicationLocation(String location) {
        try {
            URI uri = new URI(location);
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                return false;
            }
            Path path = normalize(Path.of(uri));
            if (path.startsWith(javaHome)) {
                return false;
            }
            return Files.isDirectory(path) || path.equals(mainJar);
        } catch (Exception e) { // a location we cannot read is not the application's
            return false;
        }
    }

    /**
     * The jar of {@code java -jar app.jar}, or the jar that holds the main class of {@code java -cp ... Main};
     * null when there is none (a directory, a module, no command).
     */
    static Path mainJar(String command) {
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.trim().split(" ")[0];
        String lower = command.toLowerCase(Locale.ROOT);
        int jar = lower.indexOf(".jar");
        while (jar >= 0) { // a jar path may contain spaces, so try every ".jar" that ends a word
            int end = jar + 4;
            if (end == command.length() || command.charAt(end) == ' ') {
                Path candidate = Path.of(command.substring(0, end).trim());
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            jar = lower.indexOf(".jar", end);
        }
        if (first.indexOf('/') >= 0) {
            return null; // module/class or a source file
        }
        URL resource = ClassLoader.getSystemResource(first.replace('.', '/') + ".class");
        if (resource == null || !"jar".equals(resource.getProtocol())) {
            return null;
        }
        String spec = resource.getPath(); // file:/x/app.jar!/com/acme/Main.class
        int bang = spec.indexOf("!/");
        try {
            return bang < 0 ? null : Path.of(new URI(spec.substring(0, bang)));
        } catch (Exception e) {
            return null;
        }
    }

    private static Path normalize(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (Exception e) {
            return absolute;
        }
    }
}
