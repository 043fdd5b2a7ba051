package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.recorder.testing.Jdks;

/** A real program nobody here wrote: javac, traced in its main package, compiles the same class files. */
class JavacIT {
    private static final String SOURCE = """
            package demo;

            import java.util.List;

            public class Hello {
                record Point(int x, int y) { }

                public static void main(String[] args) {
                    List.of(new Point(1, 2), new Point(3, 4)).forEach(p -> System.out.println(p.x() + p.y()));
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void compilesTheSameClassFilesUnderTheAgent() throws Exception {
        Path source = Files.createDirectories(temp.resolve("src/demo")).resolve("Hello.java");
        Files.writeString(source, SOURCE);
        Path javac = Jdks.requireFeature(17).javac();

        Path plain = temp.resolve("plain");
        Process p = new ProcessBuilder(javac.toString(), "-d", plain.toString(), source.toString())
                .inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());

        Path traced = temp.resolve("traced");
        Path recording = temp.resolve("javac.jfr");
        Golden.Output record = Golden.cli(List.of("record", "-q", "-o", recording.toString(), "--include",
                "com.sun.tools.javac.main.**", "--", javac.toString(), "-d", traced.toString(), source.toString()));
        assertEquals(0, record.code(), record.err());

        List<Path> classes = classFiles(plain);
        assertEquals(List.of("demo/Hello$Point.class", "demo/Hello.class"),
                classes.stream().map(c -> plain.relativize(c).toString()).sorted().toList());
        for (Path c : classes) {
            assertArrayEquals(Files.readAllBytes(c), Files.readAllBytes(traced.resolve(plain.relativize(c))),
                    "class file " + plain.relativize(c));
        }

        Golden.Output tree = Golden.tree(recording, List.of("--depth", "3"));
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.out().startsWith("main\n"), tree.out());
        assertTrue(tree.out().contains("Main.compile("), tree.out());
        assertTrue(tree.out().contains("JavaCompiler.compile("), tree.out());
    }

    private static List<Path> classFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        }
    }
}
