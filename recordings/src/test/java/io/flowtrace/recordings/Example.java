package io.flowtrace.recordings;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code recordings/examples.tsv}: an example program, its recording and its golden views, and the
 * oldest JDK that runs it (17 unless a fifth column says otherwise; newer examples live in {@code src/main/java21}).
 * A fifth column {@code 25-preview} names an example of a preview API of exactly that JDK: it lives in
 * {@code src/main/java25}, compiled with {@code --release 25 --enable-preview} and run with {@code --enable-preview}.
 * A sixth column holds options of {@code flowtrace record} for it, such as {@code --timing exact} ({@code -} for
 * none). A seventh column {@code test} names a test fixture: an example of a library (Reactor) that is a test-scope
 * dependency, compiled with the tests and run with the libraries Maven copies to {@code target/example-libs}.
 */
record Example(String name, String mainClass, int exitCode, Map<String, List<String>> views, int minimumJdk,
        boolean preview, List<String> recordOptions, boolean fixture) {
    /** The {@code recordings} module folder (tests run with it as working directory). */
    static final Path HOME = Path.of("").toAbsolutePath();

    static List<Example> all() {
        List<Example> examples = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(HOME.resolve("examples.tsv"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                Map<String, List<String>> views = new LinkedHashMap<>();
                for (String view : columns[3].split(";")) {
                    int eq = view.indexOf('=');
                    String options = view.substring(eq + 1).trim();
                    views.put(view.substring(0, eq), options.isEmpty() ? List.of() : Arrays.asList(options.split(" ")));
                }
                String jdk = columns.length > 4 ? columns[4].trim() : "17";
                boolean preview = jdk.endsWith("-preview");
                examples.add(new Example(columns[0], columns[1], Integer.parseInt(columns[2]), views,
                        Integer.parseInt(preview ? jdk.substring(0, jdk.length() - "-preview".length()) : jdk),
                        preview, columns.length > 5 && !columns[5].trim().equals("-")
                                ? Arrays.asList(columns[5].trim().split(" ")) : List.of(),
                        columns.length > 6 && columns[6].trim().equals("test")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    /** The folder of the sources that need JDK 21 (compiled by the tests and regenerate.sh, not by Maven). */
    static final Path JAVA21_SOURCES = HOME.resolve("src/main/java21");

    /** The folder of its sources when it needs a newer JDK than 17: {@code src/main/java21}, or for a preview API
     * {@code src/main/java25}. */
    Path sources() {
        return preview ? HOME.resolve("src/main/java" + minimumJdk) : JAVA21_SOURCES;
    }

    /** The class path it runs with (without the classes of a newer JDK's sources, which the tests compile). */
    String classPath() {
        if (fixture) {
            return HOME.resolve("target/test-classes") + File.pathSeparator + HOME.resolve("target/example-libs/*");
        }
        return HOME.resolve("target/classes").toString();
    }

    Path recording() {
        return HOME.resolve(name).resolve(name + ".jfr");
    }

    Path golden(String view) {
        return HOME.resolve(name).resolve(view);
    }
}
