package io.flowtrace.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.flowtrace.analyzer.TraceReadException;
import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.TraceData;

/** Loads a recording for a command, turning every problem with the file into one line for the user. */
final class Recordings {
    private Recordings() {
    }

    /**
     * Reads {@code file}; prints the reader's warnings (truncation, lost events) to {@code err} prefixed with the
     * command's name; fails with exit code 2 when the file is unusable or holds no FlowTrace events.
     */
    static TraceData load(Path file, String commandName, PrintWriter err) {
        return load(file, commandName, err, false);
    }

    /**
     * As {@link #load(Path, String, PrintWriter)}; with {@code shared}, identical calls are one shared node
     * ({@link TraceReader#readShared}): for outputs that show no durations, in memory that grows with the
     * distinct calls rather than with all of them.
     */
    static TraceData load(Path file, String commandName, PrintWriter err, boolean shared) {
        TraceData data;
        try (Progress progress = Progress.onTerminal(file)) {
            data = shared ? TraceReader.readShared(file, progress) : TraceReader.read(file, progress);
        } catch (TraceReadException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
        for (String warning : data.warnings()) {
            err.println(commandName + ": warning: " + warning);
        }
        if (!data.hasFlowTraceEvents()) {
            throw new UserException(ExitCodes.USAGE, "no FlowTrace events in " + file
                    + " (make a recording with: flowtrace record -- java ...)");
        }
        return data;
    }
}
