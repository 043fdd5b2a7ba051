package io.flowtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import io.flowtrace.analyzer.TraceReadException;
import io.flowtrace.analyzer.ReadProgress;
import io.flowtrace.analyzer.TraceReader;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.ChunkLayout;

/** Loads a recording for a command, turning every problem with the file into one line for the user. */
final class Recordings {
    private Recordings() {
    }

    /**
     * Reads {@code file}; prints the reader's warnings (truncation, lost events) to {@code err} prefixed with the
     * command's name; fails with exit code 2 when the file is unusable, was cut before its first chunk was
     * complete, or holds no FlowTrace events.
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
        return load(file, commandName, err, shared, new HashSet<>());
    }

    /**
     * As {@link #load(Path, String, PrintWriter, boolean)}, leaving out the warnings in {@code said} and adding those
     * it prints: a command that reads two recordings says a note they share once.
     */
    static TraceData load(Path file, String commandName, PrintWriter err, boolean shared, Set<String> said) {
        return load(file, commandName, err, said, shared ? TraceReader::readShared : TraceReader::read);
    }

    /**
     * As {@link #load(Path, String, PrintWriter, boolean, Set)} with each call's times, identical calls still shared
     * in memory ({@link TraceReader#readTimed}): for outputs that show durations.
     */
    static TraceData loadTimed(Path file, String commandName, PrintWriter err, Set<String> said) {
        return load(file, commandName, err, said, TraceReader::readTimed);
    }

    /**
     * As {@link #load(Path, String, PrintWriter)}, keeping only what a task report needs
     * ({@link TraceReader#readForTasks}): memory grows with the tasks and marked calls, not with all calls.
     *
     * @param shown the calls the report's filter shows, or null when it has no includes
     */
    static TraceData loadForTasks(Path file, String commandName, PrintWriter err, Predicate<CallNode> shown) {
        return load(file, commandName, err, new HashSet<>(),
                (f, progress) -> TraceReader.readForTasks(f, progress, shown));
    }

    /** One of {@link TraceReader}'s ways to read. */
    private interface Reading {
        TraceData read(Path file, ReadProgress progress) throws TraceReadException;
    }

    private static TraceData load(Path file, String commandName, PrintWriter err, Set<String> said, Reading reading) {
        TraceData data;
        try (Progress progress = Progress.onTerminal(file)) {
            data = reading.read(file, progress);
        } catch (TraceReadException e) {
            if (e.reason() == TraceReadException.Reason.OUT_OF_MEMORY) {
                throw UserException.outOfMemory(e.getMessage(), e);
            }
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (!data.hasFlowTraceEvents() && data.truncated() && completeChunks(file) == 0) {
            // not "no FlowTrace events": the reader saw none because it could read nothing at all
            throw new UserException(ExitCodes.USAGE, "recording truncated before its first complete chunk: "
                    + file);
        }
        for (String warning : data.warnings()) {
            if (said.add(warning)) {
                err.println(commandName + ": warning: " + warning);
            }
        }
        if (!data.hasFlowTraceEvents()) {
            throw new UserException(ExitCodes.USAGE, "no FlowTrace events in " + file
                    + " (make a recording with: flowtrace record -- java ...)");
        }
        return data;
    }

    /** The complete chunks of a JFR file, or -1 when it cannot tell (a compressed file, an unreadable one). */
    private static int completeChunks(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] magic = new byte[4];
            if (in.read(magic) != 4 || magic[0] != 'F' || magic[1] != 'L' || magic[2] != 'R' || magic[3] != 0) {
                return -1;
            }
            return ChunkLayout.scan(in).chunkCount();
        } catch (IOException e) {
            return -1;
        }
    }
}
