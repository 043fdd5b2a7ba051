package io.flowtrace.recorder.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the JDKs installed on this machine, so forked-JVM tests can run on JDK 17 and on the newest JDK.
 * Looks at the system property or environment variable {@code flowtrace.jdk} (also {@code FLOWTRACE_JDK}),
 * {@code $JAVA_HOME}, the JDK running the tests and {@code /usr/lib/jvm/*}; a JDK is a directory with a
 * {@code release} file and {@code bin/java} and {@code bin/javac}.
 */
public final class Jdks {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?");

    /** An installed JDK: its home, feature release (17, 21, 25) and full version. */
    public record Jdk(Path home, int feature, String version) {
        public Path java() {
            return home.resolve("bin").resolve("java");
        }

        public Path javac() {
            return home.resolve("bin").resolve("javac");
        }

        @Override
        public String toString() {
            return "JDK " + version + " (" + home + ")";
        }
    }

    private Jdks() {
    }

    /** Every JDK found, one per real directory, newest first. */
    public static List<Jdk> installed() {
        List<Path> candidates = new ArrayList<>();
        for (String configured : new String[] {System.getProperty("flowtrace.jdk"), System.getenv("flowtrace.jdk"),
                System.getenv("FLOWTRACE_JDK"), System.getenv("JAVA_HOME")}) {
            if (configured != null && !configured.isBlank()) {
                candidates.add(Path.of(configured));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
                homes.forEach(candidates::add);
            } catch (IOException e) {
                // no /usr/lib/jvm listing: the other candidates still count
            }
        }
        Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            read(candidate).ifPresent(jdk -> byRealHome.putIfAbsent(jdk.home(), jdk));
        }
        List<Jdk> found = new ArrayList<>(byRealHome.values());
        found.sort(Comparator.comparingInt(Jdk::feature).reversed());
        return found;
    }

    /** The newest JDK whose feature release is at least {@code minimum}. */
    public static Optional<Jdk> newest(int minimum) {
        return installed().stream().filter(jdk -> jdk.feature() >= minimum).findFirst();
    }

    /** A JDK of exactly that feature release. */
    public static Optional<Jdk> feature(int feature) {
        return installed().stream().filter(jdk -> jdk.feature() == feature).findFirst();
    }

    /**
     * The newest JDK of at least {@code minimum}; when there is none the calling test fails if the environment
     * variable CI is true, and is skipped otherwise.
     */
    public static Jdk requireNewest(int minimum) {
        return require(newest(minimum), "a JDK " + minimum + " or newer");
    }

    /** A JDK of exactly that feature release, or the calling test fails on CI and is skipped elsewhere. */
    public static Jdk requireFeature(int feature) {
        return require(feature(feature), "a JDK " + feature);
    }

    private static Jdk require(Optional<Jdk> jdk, String what) {
        if (jdk.isPresent()) {
            return jdk.get();
        }
        String message = "no " + what + " found (looked at -Dflowtrace.jdk, $FLOWTRACE_JDK, $JAVA_HOME, "
                + "java.home and /usr/lib/jvm/*/release; found " + installed() + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message); // not reached
    }

    /** The JDK at {@code home}, if it is one. */
    public static Optional<Jdk> read(Path home) {
        try {
            Path real = home.toRealPath();
            Path release = real.resolve("release");
            if (!Files.isRegularFile(release) || !Files.isExecutable(real.resolve("bin/java"))
                    || !Files.isExecutable(real.resolve("bin/javac"))) {
                return Optional.empty();
            }
            Matcher version = JAVA_VERSION.matcher(Files.readString(release));
            if (!version.find()) {
                return Optional.empty();
            }
            return Optional.of(new Jdk(real, featureOf(version.group(1)), version.group(1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The feature release of a version string: 17 for "17.0.15", 8 for "1.8.0_392", 25 for "25-ea". */
    public static int featureOf(String version) {
        String[] parts = version.split("[.\\-+_]");
        int first = Integer.parseInt(parts[0]);
        return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    }
}
