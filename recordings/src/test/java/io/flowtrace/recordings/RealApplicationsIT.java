package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowtrace record} with its default selection on applications packaged as users package them: a Spring Boot
 * fat jar run with {@code java -jar} (fixtures/spring-shop, built by this build) and a Maven project's tests run by
 * {@code mvn test} (fixtures/maven-calc). The application's own calls are traced, the loaders and build tools are not.
 */
class RealApplicationsIT {
    private static final Path ROOT = Path.of(System.getProperty("flowtrace.root", "..")).toAbsolutePath().normalize();
    private static final Path SHOP = ROOT.resolve("fixtures/spring-shop/target/spring-shop.jar");
    private static final Pattern RECORDED = Pattern.compile("flowtrace: recorded ([\\d,]+) calls? → ");

    @TempDir
    Path temp;

    /** A running {@code flowtrace record -- java -jar spring-shop.jar}. */
    private record Server(Process record, int port, Path stderr) {
        String err() {
            return read(stderr);
        }

        String get(String path) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }

        /** SIGTERM to record alone, as a service manager stops it: record passes it on to the JVM. */
        int stop() throws InterruptedException {
            record.destroy();
            if (!record.waitFor(60, TimeUnit.SECONDS)) {
                record.descendants().forEach(ProcessHandle::destroyForcibly);
                record.destroyForcibly();
                throw new AssertionError("record did not end; stderr: " + err());
            }
            return record.exitValue();
        }
    }

    private Server startShop(Path recording, String... recordOptions) throws Exception {
        assertTrue(Files.isRegularFile(SHOP), SHOP + " is built by the fixtures/spring-shop module");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("flowtrace").toString(), "record", "-o",
                recording.toString()));
        command.addAll(List.of(recordOptions));
        command.addAll(List.of("--", "java", "-jar", SHOP.toString(), "--server.port=" + port,
                "--spring.main.banner-mode=off", "--server.shutdown=immediate"));
        Path stderr = temp.resolve("stderr-" + port + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(temp.resolve("stdout-" + port + ".txt").toFile()).redirectError(stderr.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return new Server(builder.start(), port, stderr);
    }

    private static void awaitAnswer(Server shop, String path, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                assertEquals(expected, shop.get(path));
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !shop.record().isAlive()) {
                    shop.record().descendants().forEach(ProcessHandle::destroyForcibly);
                    throw new AssertionError("the shop never answered; stderr: " + shop.err(), notYet);
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    void aSpringBootJarIsTracedInItsOwnClassesNotInTheBootLoader() throws Exception {
        Path recording = temp.resolve("shop.jfr");
        Server shop = startShop(recording);
        awaitAnswer(shop, "/orders/3/total?coupon=SAVE10", "order 3: 2114\n");
        assertEquals("order 7: 3749\n", shop.get("/orders/7/total"));
        assertEquals(143, shop.stop(), shop::err);

        String err = shop.err();
        assertFalse(err.contains("warning"), err);
        Matcher recorded = RECORDED.matcher(err);
        assertTrue(recorded.find(), err);
        long calls = Long.parseLong(recorded.group(1).replace(",", ""));
        assertTrue(calls >= 10 && calls < 100, "the shop's own calls only: " + calls);
        assertTrue(Files.size(recording) < 2_000_000, "a small recording: " + Files.size(recording) + " bytes");

        Golden.Output tree = Golden.tree(recording, List.of());
        assertEquals(0, tree.code(), tree.err());
        String request = String.join("\n",
                "│  └─ OrderController.total(3, \"SAVE10\") → \"order 3: 2114\\n\"",
                "│     └─ OrderService.total(3, \"SAVE10\") → 2114",
                "│        ├─ OrderRepository.prices(3) → [1200, 1050, 99]",
                "│        └─ OrderService.discount(2349, \"SAVE10\") → 2114");
        assertTrue(tree.out().contains(request), tree.out());
        assertTrue(tree.out().contains("OrderController.total(7, \"\") → \"order 7: 3749\\n\""), tree.out());
        assertTrue(tree.out().contains("└─ ShopApplication.main(String[3])"), tree.out());
        assertFalse(tree.out().contains("Launcher"), tree.out());
    }

    @Test
    void tasksOnAServerWithAHungRequestAndADeadlockNamesBothAndNoIdleThread() throws Exception {
        Path recording = temp.resolve("hung.jfr");
        Server shop = startShop(recording);
        awaitAnswer(shop, "/orders/3/total", "order 3: 2349\n");
        Thread hung = new Thread(() -> {
            try {
                shop.get("/stuck"); // never answers; ends when the server goes away
            } catch (Exception expected) {
                // the server stopped
            }
        });
        hung.setDaemon(true);
        hung.start();
        assertEquals("rebalancing\n", shop.get("/deadlock"));
        Thread.sleep(1500); // the request reaches its latch, the two threads their second lock
        assertEquals(143, shop.stop(), shop::err);

        Golden.Output tasks = Golden.cli(List.of("tasks", recording.toString()));
        assertEquals(1, tasks.code(), tasks.err());
        String report = tasks.out();
        assertTrue(report.startsWith("Deadlock: 2 threads, each waiting for a lock the next one holds:\n"), report);
        for (String line : List.of("thread on rebalance-ledger\n", "thread on rebalance-inventory\n",
                "    blocked at OrderService.moveStock (OrderService.java:57)\n",
                "forked at OrderService.rebalance (OrderService.java:49) on http-nio-",
                "forked at OrderService.rebalance (OrderService.java:50) on http-nio-",
                "    blocked at CountDownLatch.await ← OrderService.awaitSupplier (OrderService.java:40)",
                "forked at OrderService.reserveStock (OrderService.java:35) on http-nio-",
                "    blocked at CompletableFuture.join ← OrderController.stuck (OrderController.java:24)")) {
            assertTrue(report.contains(line), line + " in\n" + report);
        }
        assertTrue(report.matches("(?s).*held by rebalance-inventory.*held by rebalance-ledger.*"), report);
        assertTrue(report.lines().noneMatch(l -> l.matches("  task #\\d+ thread on (http-nio-\\d+-(Poller|Acceptor|exec-\\d+)"
                + "|container-0)")), "the server's own waiting threads are not problems: " + report);
        String last = report.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("3 problems: 1 deadlock, 2 still running; \\d+ idle pool threads?, \\d+ library "
                + "threads? running no traced call, \\d+ periodic schedules? waiting\\."), last);
    }

    @Test
    void attachToASpringBootServerHungInARequestThenTasks() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder untraced = new ProcessBuilder("java", "-jar", SHOP.toString(), "--server.port=" + port,
                "--spring.main.banner-mode=off").redirectErrorStream(true)
                .redirectOutput(temp.resolve("server.txt").toFile());
        untraced.environment().remove("JAVA_TOOL_OPTIONS");
        Process server = untraced.start();
        try {
            Server shop = new Server(server, port, temp.resolve("server.txt"));
            awaitAnswer(shop, "/orders/3/total", "order 3: 2349\n");
            Thread hung = new Thread(() -> {
                try {
                    shop.get("/stuck");
                } catch (Exception expected) {
                    // the server stopped
                }
            });
            hung.setDaemon(true);
            hung.start();
            Thread.sleep(500);

            Path recording = temp.resolve("attached.jfr");
            Path attachErr = temp.resolve("attach.txt");
            Process attach = new ProcessBuilder(ROOT.resolve("flowtrace").toString(), "attach", "--duration", "6s",
                    "-o", recording.toString(), Long.toString(server.pid())).redirectErrorStream(true)
                    .redirectOutput(attachErr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!read(attachErr).contains("recording for 6s") && attach.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("order 5: 3049\n", shop.get("/orders/5/total"));
            assertTrue(attach.waitFor(120, TimeUnit.SECONDS), read(attachErr));
            assertEquals(0, attach.exitValue(), read(attachErr));

            Golden.Output tree = Golden.tree(recording, List.of());
            assertEquals(0, tree.code(), tree.err());
            assertTrue(tree.out().contains("OrderController.total(5, \"\") → \"order 5: 3049\\n\""), tree.out());
            assertTrue(tree.out().contains("└─ OrderController.stuck(?) … running"), "since before the attach: "
                    + tree.out());
            Golden.Output tasks = Golden.cli(List.of("tasks", recording.toString()));
            assertEquals(1, tasks.code(), tasks.out());
            assertTrue(tasks.out().contains("blocked at CountDownLatch.await ← OrderService.awaitSupplier"),
                    tasks.out());
            assertTrue(tasks.out().contains("blocked at CompletableFuture.join ← OrderController.stuck"),
                    tasks.out());
            // detached: the server answers as before, and nothing more is recorded
            assertEquals("order 7: 3749\n", shop.get("/orders/7/total"));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSelectionThatFindsNothingIsToldWhileTheProgramRuns() throws Exception {
        Path recording = temp.resolve("nothing.jfr");
        Server shop = startShop(recording, "--include", "org.acme.nothing.**");
        String warning = "flowtrace: warning: nothing traced in pid ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!shop.err().contains(warning) && System.nanoTime() < deadline && shop.record().isAlive()) {
            Thread.sleep(200);
        }
        String early = shop.err();
        assertEquals(143, shop.stop(), shop::err);
        assertTrue(early.contains(warning), "said while the program runs: " + early);
        assertTrue(early.contains("spring-shop.jar) after 3 s: no @Trace methods and nothing matched --include yet;"
                + " name what to trace with --include 'com.acme.shop.**'\n"), early);
        assertEquals(1, shop.err().split(warning, -1).length - 1, "said once: " + shop.err());
        assertTrue(shop.err().endsWith("nothing.jfr (0 methods instrumented)\n"), shop.err());
    }

    @Test
    void aFloodOfCallsIsToldWhileTheProgramRuns() throws Exception {
        Path recording = temp.resolve("busy.jfr");
        Golden.Output run = Golden.cli(List.of("record", "-o", recording.toString(), "--", "java", "-cp",
                Example.HOME.resolve("target/classes").toString(), "examples.hostile.Busy", "5000"));
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(2, lines.size(), run.err());
        assertTrue(lines.get(0).matches("flowtrace: warning: pid \\d+ \\(examples.hostile.Busy\\) is tracing "
                + "[\\d.]+ M calls a second \\([\\d,]+ so far\\): the recording grows fast and reads slowly; narrow "
                + "it with --include 'examples.hostile.\\*\\*' or --exclude PATTERN"), lines.get(0));
        assertTrue(lines.get(1).startsWith("flowtrace: recorded "), lines.get(1));
    }

    @Test
    void aMavenTestRunTracesTheProjectsClassesAndTestsNotMaven() throws Exception {
        Path project = temp.resolve("calc");
        copy(ROOT.resolve("fixtures/maven-calc"), project);
        Path recording = temp.resolve("calc.jfr");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("flowtrace").toString(), "record", "-o",
                recording.toString(), "--", "mvn", "-B", "test").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("mvn.txt").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("MAVEN_OPTS");
        Process mvn = builder.start();
        assertTrue(mvn.waitFor(300, TimeUnit.SECONDS), "mvn test under record took over 5 minutes");
        String output = read(temp.resolve("mvn.txt"));
        assertEquals(0, mvn.exitValue(), output);
        assertTrue(output.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), output);
        assertFalse(output.contains("JAVA_TOOL_OPTIONS"), "the JVM's notice, surefire's relayed form too: " + output);
        assertFalse(output.contains("flowtrace: warning"), output);

        // Maven's JVM first, with nothing traced; then surefire's, with the project's classes and tests
        Matcher jvm = Pattern.compile("\\n  (\\S+)  pid \\d+  (\\S+)  ([\\d,]+) calls?, ").matcher(output);
        assertTrue(jvm.find(), output);
        assertEquals("org.codehaus.plexus.classworlds.launcher.Launcher", jvm.group(2));
        assertEquals("0", jvm.group(3));
        assertTrue(jvm.find(), output);
        assertTrue(jvm.group(2).contains("surefirebooter"), jvm.group(2));
        Golden.Output tree = Golden.tree(Path.of(jvm.group(1)), List.of("--thread", "main"));
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.out().contains(String.join("\n",
                "├─ CalculatorTest.adds()",
                "│  └─ Calculator.add(2, 3) → 5")), tree.out());
        assertTrue(tree.out().contains("Calculator.divide(7, 0) ✗ IllegalArgumentException: \"cannot divide 7 by "
                + "zero\""), tree.out());
        assertFalse(tree.out().contains("ForkedBooter"), tree.out());
        // a clean test run is no hang: surefire's own exit timer and threads are not problems
        Golden.Output tasks = Golden.cli(List.of("tasks", jvm.group(1)));
        assertEquals(0, tasks.code(), tasks.out());
        assertTrue(tasks.out().startsWith("No problems: "), tasks.out());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
