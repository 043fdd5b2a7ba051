package io.flowtrace.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.openjdk.jmc.common.io.IOToolkit;

import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.ChunkLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowtrace scrub}: a copy of a recording without the program's values, to share it. */
@Command(name = "scrub",
        description = {"Write a copy of a recording without the program's values: arguments, results, exception "
                + "messages and task objects read as …; methods, calls, threads, exception types and the call "
                + "trees stay.",
                "The copy holds FlowTrace events only; its timestamps and thread ids are new (durations are lost)."},
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  flowtrace scrub flowtrace.jfr -o shareable.jfr",
                "  flowtrace scrub orders.jfr   (writes orders-scrubbed.jfr)"})
final class ScrubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A recording made by 'flowtrace record'.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the copy (default: FILE's name with -scrubbed added).")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path target = output != null ? output : RecordCommand.withSuffix(file, "-scrubbed");
        if (Files.isDirectory(target)) {
            throw UserException.usage("output is a directory: " + target);
        }
        // one-line errors for unusable files; only the call count is used, so identical calls may be shared
        TraceData trace = Recordings.load(file, "flowtrace scrub", err, true);
        if (Files.exists(target) && Files.isSameFile(file, target)) {
            throw UserException.usage("output is the input: " + target + " (name another file with -o)");
        }
        Path readable = readablePart(file);
        try {
            Scrubber.scrub(readable, target);
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot scrub " + file + ": " + e.getMessage(), e);
        } finally {
            if (!readable.equals(file)) {
                Files.deleteIfExists(readable);
            }
        }
        err.println("flowtrace scrub: " + String.format(java.util.Locale.ROOT, "%,d", trace.callCount())
                + " calls without their values → " + target);
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * The file itself, or a temporary copy of its complete chunks when it is compressed (the JDK's reader takes
     * plain JFR only) or its end is cut off.
     */
    private static Path readablePart(Path file) throws IOException {
        Path plain = file;
        if (!startsWithJfrMagic(file)) {
            plain = Files.createTempFile("flowtrace-scrub-", ".jfr");
            try (InputStream in = IOToolkit.openUncompressedStream(file.toFile())) {
                copy(in, plain, Long.MAX_VALUE);
            } catch (EOFException cutOff) {
                // what was uncompressed is used; the layout below drops a cut-off chunk
            }
        }
        ChunkLayout layout;
        try (RandomAccessFile in = new RandomAccessFile(plain.toFile(), "r")) {
            layout = ChunkLayout.scan(in);
        }
        if (!layout.isTruncated()) {
            return plain;
        }
        Path complete = Files.createTempFile("flowtrace-scrub-", ".jfr");
        try (InputStream in = Files.newInputStream(plain)) {
            copy(in, complete, layout.readableBytes());
        } finally {
            if (!plain.equals(file)) {
                Files.deleteIfExists(plain);
            }
        }
        return complete;
    }

    private static boolean startsWithJfrMagic(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'F' && head[1] == 'L' && head[2] == 'R' && head[3] == 0;
        }
    }

    private static void copy(InputStream in, Path target, long limit) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            for (long left = limit; left > 0;) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
