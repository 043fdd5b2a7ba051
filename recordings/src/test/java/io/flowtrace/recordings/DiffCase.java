package io.flowtrace.recordings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code recordings/diffs.tsv}: two recordings, the options to diff them with, the golden output and
 * the exit code; and one line of {@code recordings/diff-runs.tsv}: how a recording used by the diffs is made.
 */
record DiffCase(String name, String a, String b, List<String> options, String golden, int exitCode) {
    /** A recording made for diffs: {@code file} (relative to recordings/) from {@code mainClass args}. */
    record Run(String file, String mainClass, List<String> args, int exitCode) {
        static List<Run> all() {
            List<Run> runs = new ArrayList<>();
            for (String[] columns : rows("diff-runs.tsv")) {
                runs.add(new Run(columns[0], columns[1], words(columns[2]), Integer.parseInt(columns[3])));
            }
            return runs;
        }
    }

    static List<DiffCase> all() {
        List<DiffCase> cases = new ArrayList<>();
        for (String[] columns : rows("diffs.tsv")) {
            cases.add(new DiffCase(columns[0], columns[1], columns[2], words(columns[3]), columns[4],
                    Integer.parseInt(columns[5])));
        }
        return cases;
    }

    /**
     * {@code flowtrace diff --color never <options> a b}, with recordings A and B under {@code base}; one that is
     * not there (an example of examples.tsv rather than of diff-runs.tsv) is the committed one, named relative to
     * recordings/ (the tests' working directory) as the golden files name it.
     */
    List<String> command(Path base) {
        List<String> args = new ArrayList<>(List.of("diff", "--color", "never"));
        args.addAll(options);
        for (String recording : List.of(a, b)) {
            Path there = base.resolve(recording);
            args.add(Files.exists(there) ? there.toString() : recording);
        }
        return args;
    }

    private static List<String[]> rows(String file) {
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Example.HOME.resolve(file))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" "));
    }
}
