package io.flowtrace.recorder;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code <session>/<pid>.properties} file beside a session's recording: how the run went (status, counts,
 * warnings), for the CLI to tell the user. Rewritten whole and atomically, so a reader never sees half a file.
 */
final class Sidecar {
    private final Path file;
    private final Map<String, String> values = new TreeMap<>();

    Sidecar(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    Path file() {
        return file;
    }

    synchronized Sidecar put(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    /** Writes all values so far: a temporary file moved over the old one. */
    synchronized void write() throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        properties.store(text, "FlowTrace session sidecar"); // Latin-1 with escapes, as Properties.load reads it
        Files.createDirectories(file.getParent());
        Permissions.replaceOwnerOnly(file, text.toByteArray());
    }
}
