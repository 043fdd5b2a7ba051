package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run builds the model of the one subcommand it names only (start-up time): what a user sees must be what the
 * full model of every subcommand gives — usage, errors, exit codes.
 */
class CommandModelTest {
    @TempDir
    static Path dir;

    record Run(int code, String out, String err) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "-V", "help", "help tree", "help nope", "tre x.jfr", "--stacktrace",
            "--bogus tree x.jfr", "--stacktrace tree NOPE", "tree", "tree --help", "tree -V", "tree --frobnicate x.jfr",
            "tree --depth many NOPE", "tree --color sometimes NOPE", "tree --color", "tree a b", "tree NOPE",
            "tree --stacktrace NOPE", "tree help", "tasks", "tasks --help", "tasks --bogus", "diff", "diff --help",
            "diff NOPE", "export", "export --help", "export --format svg NOPE", "export NOPE", "dump", "dump --help", "dump notapid", "scrub", "scrub --help", "scrub NOPE", "record",
            "record --help", "record --bogus", "record --include com..acme -- true"})
    void aRunSeesWhatTheFullModelGives(String line) {
        String[] args = line.isEmpty() ? new String[0]
                : line.replace("NOPE", dir.resolve("nope.jfr").toString()).split(" ");
        Run full = run(FlowTraceCommand.commandLine(new String[0]), args);
        Run run = run(FlowTraceCommand.commandLine(args), args);
        assertEquals(full, run);
    }

    private static Run run(picocli.CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(cli, args, new PrintWriter(out, true), new PrintWriter(err, true));
        // a stack trace (--stacktrace) has this test's call sites
        return new Run(code, out.toString(), err.toString().replaceAll("\tat .*\n", ""));
    }
}
