package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import io.flowtrace.Trace;
import io.flowtrace.recorder.testing.Jdks.Jdk;

/** The tiny programs under {@code src/it-programs}, compiled by the javac of the JDK they will run on. */
final class Programs {
    static final Path SOURCES = Path.of("src/it-programs").toAbsolutePath();
    static final Path WORK = Path.of("target/it").toAbsolutePath();
    /** The flowtrace-events classes, for programs that call io.flowtrace.FlowTrace. */
    static final Path EVENTS = events();
    private static final Map<String, Path> COMPILED = new HashMap<>();

    private Programs() {
    }

    /** {@code src/it-programs/<program>} compiled with -g -parameters, once per JDK and test run. */
    static Path classes(Jdk jdk, String program, Path... classpath) throws Exception {
        return classes(jdk, program, List.of(), classpath);
    }

    /** As {@link #classes(Jdk, String, Path...)}, with more javac options, e.g. --enable-preview. */
    static synchronized Path classes(Jdk jdk, String program, List<String> options, Path... classpath)
            throws Exception {
        String key = jdk.feature() + "/" + program;
        Path compiled = COMPILED.get(key);
        if (compiled == null) {
            Path output = WORK.resolve("jdk" + jdk.feature()).resolve(program);
            compiled = compile(jdk, SOURCES.resolve(program), output, options, classpath);
            COMPILED.put(key, compiled);
        }
        return compiled;
    }

    /** Compiles every .java file under {@code sources} into {@code output}; the events jar is on the path. */
    static Path compile(Jdk jdk, Path sources, Path output, Path... classpath) throws Exception {
        return compile(jdk, sources, output, List.of(), classpath);
    }

    static Path compile(Jdk jdk, Path sources, Path output, List<String> options, Path... classpath)
            throws Exception {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
        }
        deleteTree(output);
        Files.createDirectories(output);
        List<String> path = new ArrayList<>();
        path.add(EVENTS.toString());
        for (Path entry : classpath) {
            path.add(entry.toString());
        }
        List<String> command = new ArrayList<>(List.of(jdk.javac().toString(), "-g", "-parameters", "-nowarn",
                "-d", output.toString(), "-cp", String.join(java.io.File.pathSeparator, path)));
        command.addAll(options);
        command.addAll(files);
        Path log = output.resolveSibling(output.getFileName() + "-javac.log");
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!javac.waitFor(180, TimeUnit.SECONDS)) {
            javac.destroyForcibly();
            throw new AssertionError("javac timed out on " + sources);
        }
        assertEquals(0, javac.exitValue(), () -> "javac failed on " + sources + ":\n" + read(log));
        return output;
    }

    private static Path events() {
        try {
            return Path.of(Trace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A jar of the compiled classes, with a Main-Class and Class-Path when given. */
    static Path jar(Path classes, Path jar, String mainClass, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path entry : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(entry));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The class file major version: 61 for JDK 17, 69 for JDK 25. */
    static int classFileVersion(Path classFile) throws IOException {
        byte[] bytes = Files.readAllBytes(classFile);
        return (bytes[6] & 0xFF) << 8 | bytes[7] & 0xFF;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
