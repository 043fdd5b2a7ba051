package io.flowtrace.recorder;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What is traced when no include is given: "the application's own code", as applications are packaged:
 * <ul>
 *   <li>classes loaded from a directory ({@code target/classes}, {@code target/test-classes} of a surefire JVM,
 *       {@code java -cp app Fib}), except build-tool caches;</li>
 *   <li>the jar that holds the main class ({@code java -jar app.jar}, a Gradle {@code installDist} layout), unless
 *       that main class is a launcher's (Spring Boot's loader, Maven's class worlds, surefire's booter, ...);</li>
 *   <li>the classes nested in a Spring Boot jar or war ({@code BOOT-INF/classes}, {@code WEB-INF/classes}), never
 *       its {@code BOOT-INF/lib} jars;</li>
 *   <li>the application jars of a Quarkus fast-jar ({@code quarkus-app/app/*.jar}).</li>
 * </ul>
 * Never classes of the JDK and never other jars (the dependencies).
 */
final class AppCode {
    /** Packages of main classes that start a program without being it: their jar is not the application. */
    private static final List<String> LAUNCHERS = List.of("org.springframework.boot.loader.",
            "org.codehaus.plexus.classworlds.", "org.apache.maven.surefire.booter.", "io.quarkus.bootstrap.runner.",
            "org.apache.catalina.startup.", "org.eclipse.jetty.start.", "org.gradle.");
    /** Where a Spring Boot jar or war keeps the application's classes (its libraries are beside them). */
    private static final List<String> NESTED_CLASSES = List.of("BOOT-INF/classes", "WEB-INF/classes");
    private static final String QUARKUS_ENTRY = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final Path javaHome;
    private final Path mainJar;
    private final String mainClass;
    private final String applicationClass;
    private final List<Path> caches;
    private final Map<String, Boolean> byLocation = new ConcurrentHashMap<>();

    /**
     * @param mainJar          the jar of the main class, or null
     * @param mainClass        the class the JVM started, or null when unknown
     * @param applicationClass the application's own main class when a launcher starts it (a Spring Boot jar's
     *                         {@code Start-Class}), else the main class or null
     */
    AppCode(Path javaHome, Path mainJar, String mainClass, String applicationClass, List<Path> caches) {
        this.javaHome = normalize(javaHome);
        this.mainJar = mainJar == null ? null : normalize(mainJar);
        this.mainClass = mainClass;
        this.applicationClass = applicationClass;
        this.caches = caches.stream().map(AppCode::normalize).toList();
    }

    AppCode(Path javaHome, Path mainJar) {
        this(javaHome, mainJar, null, null, List.of());
    }

    /** Reads the running JVM's java.home, main jar and main class (from {@code sun.java.command}). */
    static AppCode ofThisJvm() {
        String command = System.getProperty("sun.java.command");
        Path jar = mainJar(command);
        Attributes manifest = jar == null ? null : manifest(jar);
        String first = command == null || command.isBlank() ? null : command.trim().split(" ")[0];
        boolean launchedJar = first != null && first.toLowerCase(Locale.ROOT).endsWith(".jar");
        String mainClass = launchedJar ? manifest == null ? null : manifest.getValue(Attributes.Name.MAIN_CLASS)
                : first == null || first.indexOf('/') >= 0 ? null : first;
        String startClass = manifest == null ? null : manifest.getValue("Start-Class");
        Path home = Path.of(System.getProperty("user.home", "/"));
        return new AppCode(Path.of(System.getProperty("java.home")), jar, mainClass,
                startClass != null ? startClass : mainClass,
                List.of(home.resolve(".m2"), home.resolve(".gradle"), home.resolve(".ivy2")));
    }

    Path mainJar() {
        return mainJar;
    }

    /** Whether the JVM's main class is a launcher's (a build tool's, a server's, Spring Boot's loader). */
    boolean launchedByLauncher() {
        return mainClass != null && isLauncher(mainClass);
    }

    /**
     * Whether a launcher started this JVM without naming the application it runs (Maven, surefire's booter, a
     * server's bootstrap; not a Spring Boot jar, whose manifest names its {@code Start-Class}): finding none of the
     * application's classes is then no sign of a wrong selection.
     */
    boolean launcherOfUnknownApplication() {
        return launchedByLauncher() && suggestedInclude() == null;
    }

    /**
     * An include pattern for the application's own package, to suggest when the default finds nothing or too
     * much: {@code com.acme.shop.**} for {@code com.acme.shop.ShopApplication}; null when there is no such class
     * (a launcher's JVM, the default package).
     */
    String suggestedInclude() {
        if (applicationClass == null || isLauncher(applicationClass)) {
            return null;
        }
        int dot = applicationClass.lastIndexOf('.');
        return dot <= 0 ? null : applicationClass.substring(0, dot) + ".**";
    }

    private static boolean isLauncher(String className) {
        for (String prefix : LAUNCHERS) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
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
            if (location.regionMatches(true, 0, "jar:", 0, 4)) {
                return isNestedClasses(location);
            }
            URI uri = new URI(location);
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                return false;
            }
            Path path = normalize(Path.of(uri));
            if (path.startsWith(javaHome) || caches.stream().anyMatch(path::startsWith)) {
                return false;
            }
            if (Files.isDirectory(path)) {
                return true;
            }
            if (path.equals(mainJar)) {
                return !launchedByLauncher();
            }
            return QUARKUS_ENTRY.equals(mainClass) && mainJar != null && path.startsWith(mainJar.resolveSibling("app"));
        } catch (Exception e) { // a location we cannot read is not the application's
            return false;
        }
    }

    /**
     * {@code jar:nested:/srv/shop.jar/!BOOT-INF/classes/!/} (Spring Boot 3.2 and later) or
     * {@code jar:file:/srv/shop.jar!/BOOT-INF/classes!/} (earlier): the classes folder inside a Boot jar or war.
     */
    private static boolean isNestedClasses(String location) {
        int bang = location.indexOf('!');
        if (bang < 0) {
            return false;
        }
        String inner = location.substring(bang + 1);
        for (String folder : NESTED_CLASSES) {
            if (inner.startsWith(folder) || inner.startsWith("/" + folder)) {
                return true;
            }
        }
        return false;
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

    /** The main attributes of a jar's manifest, or null when it has none or cannot be read. */
    static Attributes manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.getManifest() == null ? null : file.getManifest().getMainAttributes();
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
