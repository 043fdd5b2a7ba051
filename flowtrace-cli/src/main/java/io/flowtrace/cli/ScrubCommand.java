package io.flowtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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
        TraceData trace = Recordings.load(file, "flowtrace scrub", err); // one-line errors for unusable files
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

    /** The file itself, or a temporary copy of its complete chunks when its end is cut off or compressed. */
    private static Path readablePart(Path file) throws IOException {
        ChunkLayout layout;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            layout = ChunkLayout.scan(in);
        } catch (IOException e) {
            layout = null; // compressed: the JDK's reader takes plain JFR only
        }
        if (layout != null && !layout.isTruncated()) {
            return file;
        }
        Path copy = Files.createTempFile("flowtrace-scrub-", ".jfr");
        try (InputStream in = layout == null
                ? org.openjdk.jmc.common.io.IOToolkit.openUncompressedStream(file.toFile())
                : Files.newInputStream(file);
                OutputStream out = Files.newOutputStream(copy)) {
            long left = layout == null ? Long.MAX_VALUE : layout.readableBytes();
            byte[] buffer = new byte[1 << 16];
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0;) {
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return copy;
    }
}
