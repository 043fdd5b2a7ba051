package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowtrace.cli.Main;
import io.flowtrace.recorder.testing.Jdks;

/**
 * {@code flowtrace attach} on a program that runs without FlowTrace and is already stuck in one task: attached
 * twice, with two selections; each recording holds its own selection's calls only, and after each detach the
 * program goes on doing exactly what it did, its methods recording nothing.
 */
class AttachIT {
    @TempDir
    Path temp;

    @Test
    void attachTwiceToAStuckProgramOnJdk17() throws Exception {
        attachTwiceToAStuckProgram(Jdks.requireFeature(17));
    }

    @Test
    void attachTwiceToAStuckProgramOnNewestJdk() throws Exception {
        attachTwiceToAStuckProgram(Jdks.requireNewest(21));
    }

    private void attachTwiceToAStuckProgram(Jdks.Jdk jdk) throws Exception {
        Path stderr = temp.resolve("program-stderr.txt");
        Path redefinitions = temp.resolve("redefinitions.log");
        ProcessBuilder builder = new ProcessBuilder(jdk.java().toString(),
                "-Xlog:redefine+class+load=info:file=" + redefinitions, "-cp",
                Example.HOME.resolve("target/classes").toString(), "examples.Stuck").redirectError(stderr.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process program = builder.start();
        try (PrintWriter in = new PrintWriter(program.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(program.getInputStream(),
                     StandardCharsets.UTF_8))) {
            assertEquals("ready", readLine(out));
            String pid = Long.toString(program.pid());

            Path first = temp.resolve("first.jfr");
            Attach whole = Attach.start("--include", "examples.Stuck", "--duration", "3s", "-o", first.toString(),
                    pid);
            whole.awaitAttached();
            in.println("apple");
            assertEquals("handled apple: 50", readLine(out));
            assertEquals(0, whole.exitCode(), whole.err());
            assertTrue(whole.err().endsWith("flowtrace: recorded 2 calls → " + first
                    + " (7 methods instrumented)\n"), whole.err());
            // what ran since before the attach: open calls, the new ones nested in them; the stuck task too
            assertEquals(String.join("\n",
                    "main",
                    "└─ Stuck.main(?) … running",
                    "   └─ Stuck.serve(?) … running",
                    "      ├─ ◆ flowtrace attached here; the calls above ran since before",
                    "      └─ Stuck.handle(\"apple\") → \"handled apple: 50\"",
                    "         └─ Stuck.price(\"apple\") → 50",
                    "",
                    "pool-1-thread-1",
                    "└─ Stuck.main.λ0(?) … running",
                    "   └─ Stuck.awaitRelease(?) … running",
                    ""), Golden.tree(first, List.of()).out());
            Golden.Output tasks = Golden.cli(List.of("tasks", first.toString()));
            assertTrue(tasks.out().startsWith(String.join("\n",
                    "Still running when the recording ended:",
                    "  task #1 on pool-1-thread-1",
                    "    blocked at CountDownLatch.await ← Stuck.awaitRelease  [WAITING (parking)]",
                    "    in Stuck.awaitRelease(?) … running",
                    "    in Stuck.main.λ0(?) … running",
                    "    task #1 (fork not recorded)",
                    "")), tasks.out());
            assertEquals(1, tasks.code());

            Path second = temp.resolve("second.jfr");
            Attach price = Attach.start("--include", "examples.Stuck::price", "--duration", "3s", "-o",
                    second.toString(), pid);
            price.awaitAttached();
            in.println("kiwi");
            assertEquals("handled kiwi: 40", readLine(out));
            assertEquals(0, price.exitCode(), price.err());
            assertTrue(price.err().endsWith("flowtrace: recorded 1 call → " + second
                    + " (1 method instrumented)\n"), price.err());
            // handle, traced by the first attach only, is gone: its call no longer records anything
            assertEquals(String.join("\n",
                    "main",
                    "└─ Stuck.price(\"kiwi\") → 40",
                    ""), Golden.tree(second, List.of()).out());

            in.println("fig");
            assertEquals("handled fig: 30", readLine(out));
            in.println("release");
            assertEquals("released", readLine(out));
            assertEquals(null, readLine(out));
            assertTrue(program.waitFor(60, TimeUnit.SECONDS), "the program ends as it would without FlowTrace");
            assertEquals(0, program.exitValue());
        } finally {
            program.destroyForcibly();
        }
        // instrumented and put back at each attach: retransformed four times
        List<String> stuck = Files.readAllLines(redefinitions).stream()
                .filter(line -> line.contains("redefined name=examples.Stuck,")).toList();
        assertEquals(4, stuck.size(), String.join("\n", stuck));
        assertTrue(stuck.get(3).contains("count=4"), stuck.get(3));
        // the JVM's own notes on the loaded agent aside (documented), FlowTrace wrote nothing into its stderr
        List<String> ours = Files.readAllLines(stderr).stream()
                .filter(line -> !line.startsWith("WARNING: ") && !line.contains("VM warning: Sharing is only "
                        + "supported for boot loader classes because bootstrap classpath has been appended"))
                .toList();
        assertEquals(List.of(), ours);
    }

    private static String readLine(BufferedReader out) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        }).get(60, TimeUnit.SECONDS);
    }

    /** {@code flowtrace attach ...} running in this JVM, its stderr read while it runs. */
    private static final class Attach {
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> code;

        private Attach(String... args) {
            Writer errors = err;
            code = CompletableFuture.supplyAsync(() -> Main.run(withAttach(args), new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(errors, true)));
        }

        static Attach start(String... args) {
            return new Attach(args);
        }

        private static String[] withAttach(String... args) {
            List<String> all = new ArrayList<>(List.of("attach"));
            all.addAll(List.of(args));
            return all.toArray(String[]::new);
        }

        /** Waits until the agent is in and recording. */
        void awaitAttached() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!err().contains("flowtrace: attached to pid")) {
                if (code.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("not attached: " + err() + " (exit " + code.getNow(null) + ")");
                }
                Thread.sleep(20);
            }
        }

        int exitCode() throws Exception {
            return code.get(120, TimeUnit.SECONDS);
        }

        String err() {
            return err.toString();
        }
    }
}
