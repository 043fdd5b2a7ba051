package io.flowtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A private folder shared by {@code record} and the agents of the JVMs it starts: the agent options go in, and
 * every JVM leaves its recording ({@code <pid>.jfr}) and a note about it ({@code <pid>.properties}).
 */
final class RecordSession implements AutoCloseable {
    private static final Pattern SIDECAR = Pattern.compile("\\d+\\.properties");

    private final Path dir;
    private boolean keep;

    private RecordSession(Path dir) {
        this.dir = dir;
    }

    static RecordSession create() {
        try {
            Path dir;
            try {
                dir = Files.createTempDirectory("flowtrace-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                dir = Files.createTempDirectory("flowtrace-");
            }
            return new RecordSession(dir);
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot create a session folder: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the agent options and returns the {@code -javaagent} argument that reads them. JAVA_TOOL_OPTIONS is
     * split at white space, so a jar path with spaces is copied into the session folder first.
     */
    String agentArgument(Path agentJar, Map<String, String> options) {
        Path file = writeOptions(options, "record");
        try {
            Path jar = agentJar;
            if (jar.toString().chars().anyMatch(Character::isWhitespace)) {
                jar = Files.copy(agentJar, dir.resolve(AgentJar.FILE_NAME));
            }
            return "-javaagent:" + jar + "=@" + file;
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write agent options: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the agent options, with this session's folder, into {@code agent.properties} in it; returns the file.
     *
     * @param command the command that wrote them, for the file's comment
     */
    Path writeOptions(Map<String, String> options, String command) {
        Properties properties = new Properties();
        properties.putAll(options);
        properties.setProperty("session", dir.toString());
        Path file = dir.resolve("agent.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "FlowTrace agent options written by 'flowtrace " + command + "'");
            return file;
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write agent options: " + e.getMessage(), e);
        }
    }

    /** Where the JVMs' flight recorders keep their chunks while recording, for {@link Salvage}. */
    Path repository() {
        return dir.resolve("jfr-repository");
    }

    /**
     * The JVM option that puts the flight recorder's chunks into this folder, so that the recording of a JVM that
     * gets killed can be salvaged; null when the user's JAVA_TOOL_OPTIONS set flight recorder options already
     * (a second -XX:FlightRecorderOptions would replace theirs) or the path cannot be passed in JAVA_TOOL_OPTIONS.
     */
    String repositoryOption(String inheritedToolOptions) {
        if (inheritedToolOptions != null && inheritedToolOptions.contains("FlightRecorderOptions")) {
            return null;
        }
        Path repository = repository();
        if (repository.toString().chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            return null;
        }
        try {
            Files.createDirectories(repository);
        } catch (IOException e) {
            return null;
        }
        return "-XX:FlightRecorderOptions:repository=" + repository;
    }

    /** What each JVM that ran with the agent left behind, in the order the JVMs started. */
    List<JvmRecording> recordings() {
        List<JvmRecording> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (SIDECAR.matcher(file.getFileName().toString()).matches()) {
                    result.add(JvmRecording.read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        result.sort(Comparator.comparingLong(JvmRecording::startMillis).thenComparingLong(JvmRecording::pid));
        return result;
    }

    /** Moves a recording out of the session folder, replacing {@code target}. */
    static void move(Path source, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Keeps the session folder (and the chunks in it) when a recording could not be saved from it. */
    void keep() {
        keep = true;
    }

    /** Deletes the session folder when nothing of value is left in it; otherwise keeps it and says where it is. */
    @Override
    public void close() {
        if (keep) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".jfr") && Files.size(file) > 0) {
                    return; // a recording we could not move out: never delete user data
                }
            }
        } catch (IOException e) {
            return;
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path path) {
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp folder is harmless
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** What one JVM's agent wrote about its recording. */
    record JvmRecording(long pid, String command, long startMillis, Path recording, String status,
            long instrumentedMethods, long tracedCalls, long instrumentationErrors, boolean sizeLimitReached,
            long warningCount, List<String> warnings, String error, List<String> unrestored, long progressMillis,
            boolean launcher, String suggestedInclude) {

        /** Whether the JVM exited with its agent, which then wrote its recording and the counts. */
        boolean exited() {
            return "exited".equals(status);
        }

        /** Whether the session ended with its counts written: the JVM exited, or {@code attach} detached. */
        boolean ended() {
            return exited() || "detached".equals(status);
        }

        /** Whether the agent could not start; {@link #error} says why. */
        boolean disabled() {
            return "disabled".equals(status);
        }


        static JvmRecording read(Path sidecar) throws IOException {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(sidecar)) {
                p.load(in);
            }
            String name = sidecar.getFileName().toString();
            long pid = Long.parseLong(name.substring(0, name.indexOf('.')));
            Path recording = sidecar.resolveSibling(pid + ".jfr");
            return new JvmRecording(pid, p.getProperty("command", ""), number(p, "startMillis"), recording,
                    p.getProperty("status", ""), number(p, "instrumentedMethods"),
                    number(p, "tracedCalls"), number(p, "instrumentationErrors"),
                    Boolean.parseBoolean(p.getProperty("sizeLimitReached")), number(p, "warnings"),
                    numbered(p, "warning."), p.getProperty("error", ""), numbered(p, "unrestored."),
                    number(p, "progressMillis"), Boolean.parseBoolean(p.getProperty("launcher")),
                    p.getProperty("suggestedInclude", ""));
        }

        /** Values numbered from 1, e.g. the agent's first warnings, {@code warning.1}, {@code warning.2}, ... */
        private static List<String> numbered(Properties p, String prefix) {
            List<String> values = new ArrayList<>();
            for (int i = 1; p.getProperty(prefix + i) != null; i++) {
                values.add(p.getProperty(prefix + i));
            }
            return List.copyOf(values);
        }

        private static long number(Properties p, String key) {
            try {
                return Long.parseLong(p.getProperty(key, "0").trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** An include for the application's package, e.g. {@code 'com.acme.shop.**'}, or a placeholder. */
        String includeHint() {
            return "--include '" + (suggestedInclude.isEmpty() ? "com.acme.**" : suggestedInclude) + "'";
        }

        /** The main class or jar, without its arguments. */
        String mainName() {
            String c = command.strip();
            int space = c.indexOf(' ');
            return space < 0 ? c : c.substring(0, space);
        }
    }
}
