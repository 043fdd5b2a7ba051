package io.flowtrace.recorder;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.flowtrace.recorder.async.AsyncGroup;
import io.flowtrace.recorder.runtime.ValueMode;

/**
 * The agent's options: {@code -javaagent:flowtrace-agent.jar=key=value;key=value} or
 * {@code =@/path/to/options.properties}. See the module README for the keys.
 */
final class AgentOptions {
    static final Set<String> KEYS = Set.of(
            "session", "output", "include", "exclude", "values", "maxString", "maxSize", "debug", "secrets", "async",
            "disable", "timing", "watch", "cache");

    final Path session;
    final Path output;
    final TracePatterns includes;
    final TracePatterns excludes;
    final ValueMode values;
    final int maxString;
    final long maxSize;
    final boolean debug;
    final List<String> secrets;
    /** Async instrumentation groups switched off ({@code async=false} switches off all). */
    final Set<AsyncGroup> disabled;
    /** {@code timing=exact}: a {@code System.nanoTime()} per call record instead of the 1 ms clock. */
    final boolean exactTiming;
    /** The pid of the {@code flowtrace attach} that started an attached session, which ends with it; 0 if none. */
    final long watch;
    /** Where instrumented JDK classes are kept between runs ({@link TransformCache}); null: nowhere. */
    final Path cache;

    private AgentOptions(Map<String, String> raw) throws OptionsException {
        session = path(raw, "session");
        output = path(raw, "output");
        includes = patterns(raw, "include");
        excludes = patterns(raw, "exclude");
        values = values(raw.getOrDefault("values", "safe"));
        maxString = (int) number(raw, "maxString", 80, 1, 1_000_000);
        maxSize = number(raw, "maxSize", 0, 0, Long.MAX_VALUE);
        debug = bool(raw, "debug");
        secrets = raw.containsKey("secrets")
                ? Arrays.stream(raw.get("secrets").split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        disabled = bool(raw, "async", true) ? groups(raw.get("disable")) : EnumSet.allOf(AsyncGroup.class);
        exactTiming = timing(raw.getOrDefault("timing", "coarse"));
        watch = number(raw, "watch", 0, 0, Long.MAX_VALUE);
        cache = "none".equals(raw.get("cache")) ? null
                : raw.containsKey("cache") ? path(raw, "cache") : defaultCache();
    }

    /** {@code $XDG_CACHE_HOME/flowtrace}, else {@code ~/.cache/flowtrace}; null without either. */
    private static Path defaultCache() {
        try {
            String xdg = System.getenv("XDG_CACHE_HOME");
            if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
                return Path.of(xdg, "flowtrace");
            }
            String home = System.getProperty("user.home");
            return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "flowtrace");
        } catch (InvalidPathException | SecurityException e) {
            return null;
        }
    }

    /** Parses the agent argument string; null or blank means all defaults. */
    static AgentOptions parse(String arguments) throws OptionsException {
        return new AgentOptions(raw(arguments));
    }

    /**
     * The key=value pairs before any value is checked, so that a session directory can still be told why the
     * agent did not start.
     */
    static Map<String, String> raw(String arguments) throws OptionsException {
        Map<String, String> raw = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return raw;
        }
        String trimmed = arguments.trim();
        if (trimmed.startsWith("@")) {
            Properties file = read(trimmed.substring(1));
            for (String key : file.stringPropertyNames()) {
                put(raw, key, file.getProperty(key).trim());
            }
            return raw;
        }
        for (String part : trimmed.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new OptionsException("bad option '" + part.trim() + "' (expected key=value)");
            }
            put(raw, part.substring(0, equals).trim(), part.substring(equals + 1).trim());
        }
        return raw;
    }

    private static void put(Map<String, String> raw, String key, String value) throws OptionsException {
        if (!KEYS.contains(key)) {
            throw new OptionsException("unknown option '" + key + "'");
        }
        raw.put(key, value);
    }

    private static Properties read(String file) throws OptionsException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new OptionsException("cannot read options file " + file + ": " + e);
        }
        return properties;
    }

    private static Path path(Map<String, String> raw, String key) throws OptionsException {
        String value = raw.get(key);
        if (value == null) {
            return null;
        }
        try {
            if (value.isEmpty()) {
                throw new InvalidPathException(value, "empty");
            }
            return Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw bad(key, value, "a file path");
        }
    }

    private static TracePatterns patterns(Map<String, String> raw, String key) throws OptionsException {
        String value = raw.get(key);
        if (value == null) {
            return TracePatterns.NONE;
        }
        try {
            return TracePatterns.parse(value);
        } catch (IllegalArgumentException e) {
            throw new OptionsException("bad value for option '" + key + "': " + e.getMessage()
                    + " (expected com.acme.**, com.acme.*, com.acme.Foo or com.acme.Foo::bar, separated by |)");
        }
    }

    private static ValueMode values(String value) throws OptionsException {
        try {
            return ValueMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad("values", value, "safe, tostring or none");
        }
    }

    private static boolean timing(String value) throws OptionsException {
        if (value.equals("coarse") || value.equals("exact")) {
            return value.equals("exact");
        }
        throw bad("timing", value, "coarse or exact");
    }

    private static long number(Map<String, String> raw, String key, long fallback, long min, long max)
            throws OptionsException {
        String value = raw.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a whole number from " + min + (max == Long.MAX_VALUE ? " on" : " to " + max));
    }

    private static Set<AsyncGroup> groups(String value) throws OptionsException {
        Set<AsyncGroup> groups = EnumSet.noneOf(AsyncGroup.class);
        if (value == null || value.isBlank()) {
            return groups;
        }
        for (String name : value.split("\\|")) {
            try {
                groups.add(AsyncGroup.ofOptionName(name.trim()));
            } catch (IllegalArgumentException e) {
                throw bad("disable", value, Arrays.stream(AsyncGroup.values()).map(AsyncGroup::optionName)
                        .collect(Collectors.joining(", ")) + ", separated by |");
            }
        }
        return groups;
    }

    private static boolean bool(Map<String, String> raw, String key) throws OptionsException {
        return bool(raw, key, false);
    }

    private static boolean bool(Map<String, String> raw, String key, boolean fallback) throws OptionsException {
        String value = raw.getOrDefault(key, String.valueOf(fallback));
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw bad(key, value, "true or false");
    }

    private static OptionsException bad(String key, String value, String expected) {
        return new OptionsException("bad value for option '" + key + "': '" + value + "' (expected " + expected + ")");
    }

    /** An option the agent cannot start with; the message is the one line the user sees. */
    static final class OptionsException extends Exception {
        OptionsException(String message) {
            super(message);
        }
    }
}
