package io.flowtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowtrace dump}: a snapshot of the recording of a JVM running under {@code flowtrace record}, without
 * stopping it, with a fresh thread dump in it. Uses the JVM's own {@code jcmd}: a short extra JFR recording that
 * takes {@code jdk.ThreadDump} at every chunk boundary is started, the agent's recording is dumped (which ends a
 * chunk, so the thread dump is taken right then), and the extra recording is stopped again.
 */
@Command(name = "dump",
        description = {"Write a snapshot of the recording of a running JVM started under 'flowtrace record', "
                + "without stopping it; the snapshot includes a thread dump taken at that moment, so 'flowtrace "
                + "tasks' shows where each thread is blocked.",
                "Needs jcmd (found next to the JVM's java, in JAVA_HOME, or on the PATH) and the same user as "
                        + "the JVM."},
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  flowtrace dump 4711",
                "  flowtrace dump -o hang.jfr 4711 && flowtrace tasks hang.jfr",
                "  flowtrace dump $(pgrep -f com.acme.Server)"})
final class DumpCommand implements Callable<Integer> {
    /** The name the agent gives its recording. */
    static final String RECORDING = "FlowTrace";
    /** The extra recording that makes JFR take a thread dump when the snapshot is cut. */
    private static final String THREAD_DUMPS = "flowtrace-thread-dump";
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", description = "Process id of the JVM (as 'jps' or 'ps' shows it).")
    long pid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the snapshot (default: flowtrace-PID-snapshot.jfr).")
    Path output;

    @Override
    public Integer call() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw UserException.usage("no such process: " + pid);
        }
        Path target = (output != null ? output : Path.of("flowtrace-" + pid + "-snapshot.jfr")).toAbsolutePath()
                .normalize();
        if (Files.isDirectory(target)) {
            throw UserException.usage("output is a directory: " + target);
        }
        Path jcmd = jcmd(pid);
        Path settings = null;
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            ownerOnly(target, true); // JFR writes the snapshot into it and keeps its permissions, like recordings
            settings = Files.createTempFile("flowtrace-thread-dump-", ".jfc");
            Files.writeString(settings, THREAD_DUMP_SETTINGS);
            settings.toFile().setReadable(true, false); // the JVM reads it; it may run as another uid under sudo
            boolean threadDump = jcmd(jcmd, "JFR.start", "name=" + THREAD_DUMPS, "settings=" + settings).ok();
            Result dump = jcmd(jcmd, "JFR.dump", "name=" + RECORDING, "filename=" + target);
            if (threadDump) {
                jcmd(jcmd, "JFR.stop", "name=" + THREAD_DUMPS);
            }
            if (!dump.ok() || !Files.isRegularFile(target) || Files.size(target) == 0) {
                Files.deleteIfExists(target);
                throw failure(dump);
            }
            ownerOnly(target, false); // in case the JVM wrote a new file instead
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (settings != null) {
                settings.toFile().delete();
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("flowtrace: snapshot of pid " + pid + " → " + (output != null ? output : target.getFileName()));
        err.flush();
        return ExitCodes.OK;
    }

    /** Creates the file readable by its owner only, or makes it so; a file system without owners is left alone. */
    private static void ownerOnly(Path file, boolean create) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            if (create) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.setPosixFilePermissions(file, ownerOnly);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no permissions to set here
        } catch (FileSystemException e) {
            if (create) {
                throw e;
            }
            // written anew by a JVM running as another user (root): it owns the file and chose its permissions
        }
    }

    private UserException failure(Result dump) {
        String text = dump.output();
        if (text.contains("Could not find") || text.contains("No recording") || text.contains("not find recording")) {
            return new UserException(ExitCodes.FAILURE, "pid " + pid + " has no FlowTrace recording (start it "
                    + "with: flowtrace record -- java ...)");
        }
        if (text.contains("AttachNotSupportedException") || text.contains("Unable to open socket")
                || text.contains("not a JVM") || text.contains("Connection refused")) {
            return new UserException(ExitCodes.FAILURE, "cannot attach to pid " + pid + " (not a JVM, another "
                    + "user's, or started with -XX:+DisableAttachMechanism)");
        }
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith(pid + ":"))
                .findFirst().orElse("exit code " + dump.code());
        return new UserException(ExitCodes.FAILURE, "jcmd could not dump pid " + pid + ": " + line);
    }

    record Result(int code, String output) {
        boolean ok() {
            return code == 0 && !output.contains("Exception") && !output.contains("Could not");
        }
    }

    private Result jcmd(Path jcmd, String... command) {
        List<String> args = new ArrayList<>();
        args.add(jcmd.toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserException(ExitCodes.FAILURE, "jcmd did not answer within " + JCMD_TIMEOUT_SECONDS
                        + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILURE, "interrupted while waiting for jcmd");
        }
    }

    /** jcmd of the JVM itself (versions must match), else of JAVA_HOME, this JVM, or the PATH. */
    static Path jcmd(long pid) {
        List<Path> candidates = new ArrayList<>();
        try {
            Path exe = Path.of("/proc", Long.toString(pid), "exe").toRealPath();
            candidates.add(exe.resolveSibling("jcmd"));
        } catch (IOException | SecurityException e) {
            // no /proc (not Linux) or not ours to read
        }
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome, "bin", "jcmd"));
        }
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "jcmd"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "jcmd"));
                }
            }
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new UserException(ExitCodes.FAILURE, "cannot find jcmd (it comes with a JDK; set JAVA_HOME to one)");
    }

    /** JFR settings that take a thread dump at every chunk boundary and record nothing else. */
    private static final String THREAD_DUMP_SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="FlowTrace thread dump">
              <event name="jdk.ThreadDump">
                <setting name="enabled">true</setting>
                <setting name="period">everyChunk</setting>
              </event>
            </configuration>
            """;
}
