package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./flowtrace} launcher keeps a class-data archive next to the CLI's jar (docs/cli-startup.md): the runs
 * that write it (JDK 21+) or the class list it is built from (JDK 17), the run that moves it in place or starts
 * building it, and the runs that use it print the same bytes and exit with the same code, on JDK 17, on the newest
 * JDK and after the jar is rebuilt. Each test runs a copy of the launcher and the jars in a directory of its own, so
 * that its archives are its own.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();
    private static final Path FIB = ROOT.resolve("recordings/fib/fib.jfr");
    private static final Path CHECKPOINTS = ROOT.resolve("recordings/checkpoints/checkpoints.jfr");

    @TempDir
    Path checkout;

    record Result(int code, String out, String err) {
    }

    @TestFactory
    Stream<DynamicTest> everyRunGivesTheSameOutputAndExitCode() {
        List<Jdk> jdks = List.of(Jdks.requireFeature(17), Jdks.requireNewest(21));
        return jdks.stream().map(jdk -> DynamicTest.dynamicTest(jdk.toString(), () -> {
            Path launcher = copyOfTheLauncher(checkout.resolve("jdk" + jdk.feature()));
            List<String> json = List.of("tree", "--format", "json", "--pretty", FIB.toString());
            Result first = assertSameOnEveryRun(launcher, jdk, json, 0,
                    Files.readString(ROOT.resolve("recordings/fib/tree.json")));
            // JDK 17 builds a static archive in the background (its dynamic ones can leave methods never
            // compiled, JDK-8306460); the run after that uses it
            settle(launcher);
            assertEquals(first, finish(start(launcher, jdk, json)), "the run with the archive in place");
            assertEquals(1, archiveFiles(launcher).size(), "archives for the jar and JDK " + jdk.feature());
            // a run that finds problems exits with 1, bad usage with 2, whether or not it writes the archive
            deleteArchives(launcher);
            assertSameOnEveryRun(launcher, jdk, List.of("tasks", CHECKPOINTS.toString()), 1, null);
            deleteArchives(launcher);
            Result usage = assertSameOnEveryRun(launcher, jdk, List.of("tree", "--frobnicate", FIB.toString()), 2,
                    "");
            assertEquals("flowtrace tree: unknown option: '--frobnicate' (see 'flowtrace tree --help')\n",
                    usage.err());
        }));
    }

    @Test
    void anArchiveOfAnOlderJarIsReplaced() throws Exception {
        Jdk jdk = Jdks.requireNewest(21);
        Path launcher = copyOfTheLauncher(checkout);
        List<String> tree = List.of("tree", "--color", "never", FIB.toString());
        String expected = Files.readString(ROOT.resolve("recordings/fib/tree.txt"));
        assertSameOnEveryRun(launcher, jdk, tree, 0, expected);
        settle(launcher);
        List<Path> before = archives(launcher);

        // a rebuilt jar: other classes behind the same name
        Path jar = launcher.resolveSibling("flowtrace-cli/target/flowtrace.jar");
        Files.write(jar, Files.readAllBytes(jar));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertSameOnEveryRun(launcher, jdk, tree, 0, expected);
        settle(launcher);
        List<Path> after = archives(launcher);
        assertEquals(1, archiveFiles(launcher).size(), after.toString());
        assertTrue(after.stream().noneMatch(before::contains), "the archive of the older jar is gone: " + after);
    }

    @Test
    void runsAtOnceGiveTheSameOutput() throws Exception {
        Jdk jdk = Jdks.requireNewest(21);
        Path launcher = copyOfTheLauncher(checkout);
        String expected = Files.readString(ROOT.resolve("recordings/fib/tree.json"));
        for (int round = 0; round < 2; round++) { // the first round writes archives, the second uses one
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                processes.add(start(launcher, jdk, List.of("tree", "--format", "json", "--pretty", FIB.toString())));
            }
            for (Process process : processes) {
                Result result = finish(process);
                assertEquals(new Result(0, expected, ""), result);
            }
        }
        settle(launcher);
        assertEquals(1, archiveFiles(launcher).size());
    }

    @Test
    void aHeapSizeThatIsNoneIsOneLine() throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        Path launcher = copyOfTheLauncher(checkout);
        Result ok = finish(start(launcher, jdk, List.of("tree", FIB.toString()), "FLOWTRACE_HEAP", "64m"));
        assertEquals(0, ok.code(), ok.err());

        Result result = finish(start(launcher, jdk, List.of("tree", FIB.toString()), "FLOWTRACE_HEAP", "lots"));
        String error = "flowtrace: FLOWTRACE_HEAP must be a heap size such as 512m or 2g, not 'lots'\n";
        assertEquals(new Result(2, "", error), result);
    }

    /** Three runs: the first writes the archive, the second moves it in place, the third uses it. */
    private Result assertSameOnEveryRun(Path launcher, Jdk jdk, List<String> args, int code, String out)
            throws Exception {
        Result first = finish(start(launcher, jdk, args));
        assertEquals(code, first.code(), first.err());
        if (out != null) {
            assertEquals(out, first.out());
        }
        for (int run = 2; run <= 3; run++) {
            assertEquals(first, finish(start(launcher, jdk, args)), "run " + run + " of " + args);
        }
        return first;
    }

    /** The launcher and the jars it runs, laid out as in a checkout. */
    private static Path copyOfTheLauncher(Path dir) throws IOException {
        for (String file : List.of("flowtrace", "flowtrace-cli/target/flowtrace.jar",
                "flowtrace-recorder/target/flowtrace-agent.jar")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), dir.resolve(file),
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return dir.resolve("flowtrace");
    }

    private static List<Path> archives(Path launcher) throws IOException {
        try (Stream<Path> files = Files.list(launcher.resolveSibling("flowtrace-cli/target"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("flowtrace-cds-")).sorted().toList();
        }
    }

    /** The archives in place, without class lists and files being written. */
    private static List<Path> archiveFiles(Path launcher) throws IOException {
        return archives(launcher).stream().filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }

    /** Waits for archives being written in the background (JDK 17) by JVMs still running. */
    private static void settle(Path launcher) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (archives(launcher).stream().anyMatch(LauncherIT::writtenNow)) {
            assertTrue(System.nanoTime() < deadline, "an archive still being written after 60 s");
            Thread.sleep(100);
        }
    }

    /** A {@code <file>.<pid>.tmp} whose process still runs. */
    private static boolean writtenNow(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".tmp")) {
            return false;
        }
        String pid = name.substring(0, name.length() - 4);
        pid = pid.substring(pid.lastIndexOf('.') + 1);
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteArchives(Path launcher) throws Exception {
        settle(launcher);
        for (Path archive : archives(launcher)) {
            Files.delete(archive);
        }
    }

    private Process start(Path launcher, Jdk jdk, List<String> args) throws IOException {
        return start(launcher, jdk, args, "FLOWTRACE_HEAP", null);
    }

    /** Runs the launcher with one environment variable set ({@code value} null: removed). */
    private Process start(Path launcher, Jdk jdk, List<String> args, String name, String value) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("FLOWTRACE_CDS");
        builder.environment().put("JAVA_HOME", jdk.home().toString());
        if (value == null) {
            builder.environment().remove(name);
        } else {
            builder.environment().put(name, value);
        }
        return builder.start();
    }

    private static Result finish(Process process) throws Exception {
        // read both streams while the process runs: a full pipe would stall it
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = readAll(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out");
        return new Result(process.exitValue(), out, err.get());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
