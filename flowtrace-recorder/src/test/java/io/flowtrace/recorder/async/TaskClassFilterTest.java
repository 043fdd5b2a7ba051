package io.flowtrace.recorder.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

class TaskClassFilterTest {
    private final TaskClassFilter filter = new TaskClassFilter(TaskCandidates.union(
            AsyncInstrumenter.ALL.stream().map(AsyncInstrumentation::candidates).toList()));

    @Test
    void passesEveryJdkConcurrencyClassTheInstrumentationsMatchAndLittleElse() throws IOException {
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.ofBootLoader());
        List<String> missed = new ArrayList<>();
        int matched = 0;
        int passed = 0;
        List<String> names = jdkClasses("java/util/concurrent", "java/lang");
        for (String name : names) {
            TypeDescription type = pool.describe(name).resolve();
            boolean matches = AsyncInstrumenter.ALL.stream().anyMatch(each -> each.types().matches(type));
            boolean passes = filter.passes(null, name.replace('.', '/'), null, bootClassFile(name));
            matched += matches ? 1 : 0;
            passed += passes ? 1 : 0;
            if (matches && !passes) {
                missed.add(name);
            }
        }
        assertEquals(List.of(), missed, "matched by an instrumentation, but filtered out");
        assertTrue(matched >= 15, "matched: " + matched); // ThreadPoolExecutor, ForkJoinPool, the delegates...
        assertTrue(passed < names.size() / 4, "passed " + passed + " of " + names.size());
    }

    @Test
    void passesTheProgramsExecutorsAndThreadsOnlyThroughTheirSupertypes() throws IOException {
        assertTrue(passes(OwnExecutor.class));
        assertTrue(passes(OwnPool.class));
        assertTrue(passes(OwnThread.class));
        assertTrue(passes(ThroughOwnInterface.class));
        assertFalse(passes(PlainTask.class));
        assertFalse(passes(OwnSubmitting.class), "an interface");
        assertFalse(passes(TaskClassFilterTest.class));
    }

    @Test
    void loadedClassesAreCandidatesWheneverTheInstrumentationsMatchThemAndLittleElseIs() throws IOException {
        TaskCandidates candidates = AsyncInstrumenter.candidates(java.util.Set.of());
        List<String> missed = new ArrayList<>();
        int matched = 0;
        int covered = 0;
        List<String> names = jdkClasses("java/util/concurrent", "java/lang");
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, null);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            boolean matches = AsyncInstrumenter.ALL.stream()
                    .anyMatch(each -> each.types().matches(TypeDescription.ForLoadedType.of(type)));
            boolean coveredHere = candidates.coversLoaded(type);
            matched += matches ? 1 : 0;
            covered += coveredHere ? 1 : 0;
            if (matches && !coveredHere) {
                missed.add(name);
            }
        }
        assertEquals(List.of(), missed, "matched by an instrumentation, but not a candidate");
        assertTrue(matched >= 15, "matched: " + matched);
        assertTrue(covered < names.size() / 4, "covered " + covered + " of " + names.size());
        for (Class<?> own : List.of(OwnExecutor.class, OwnPool.class, OwnThread.class, ThroughOwnInterface.class)) {
            assertTrue(candidates.coversLoaded(own), own.getName());
        }
        assertFalse(candidates.coversLoaded(PlainTask.class));
        assertFalse(AsyncInstrumenter.candidates(java.util.Set.of(AsyncGroup.values())).coversLoaded(OwnPool.class),
                "every group switched off");
    }

    @Test
    void passesWhatItCannotRead() {
        assertTrue(filter.passes(getClass().getClassLoader(), "com/acme/Broken", null, new byte[] {1, 2, 3}));
        assertTrue(filter.passes(getClass().getClassLoader(), null, null, null));
    }

    @Test
    void passesAClassBeingRetransformedOnlyWhenItIsACandidate() throws Exception {
        for (Class<?> type : new Class<?>[] {ThreadPoolExecutor.class, Thread.class, OwnThread.class,
                OwnExecutor.class}) {
            assertTrue(filter.passes(type.getClassLoader(), type.getName().replace('.', '/'), type, null),
                    type.getName());
        }
        // JFR retransforms the first two for its socket and file events: Byte Buddy must not start for them; no
        // instrumentation matches an interface, or a Thread subclass of the JDK's own but VirtualThread
        for (Class<?> type : new Class<?>[] {Class.forName("sun.nio.ch.FileChannelImpl"),
                Class.forName("sun.nio.ch.SocketChannelImpl"), String.class, PlainTask.class, Executor.class,
                ExecutorService.class, ScheduledExecutorService.class, OwnSubmitting.class,
                Class.forName("jdk.internal.misc.InnocuousThread"),
                Class.forName("java.lang.ref.Finalizer$FinalizerThread")}) {
            assertFalse(filter.passes(type.getClassLoader(), type.getName().replace('.', '/'), type, null),
                    type.getName());
        }
    }

    private boolean passes(Class<?> type) throws IOException {
        ClassLoader loader = type.getClassLoader();
        byte[] classFile = ClassFileLocator.ForClassLoader.of(loader).locate(type.getName()).resolve();
        return filter.passes(loader, type.getName().replace('.', '/'), null, classFile);
    }

    private static byte[] bootClassFile(String name) throws IOException {
        return ClassFileLocator.ForClassLoader.ofBootLoader().locate(name).resolve();
    }

    private static List<String> jdkClasses(String... packages) throws IOException {
        List<String> names = new ArrayList<>();
        Path base = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base");
        for (String each : packages) {
            try (Stream<Path> files = Files.list(base.resolve(each))) {
                files.map(file -> base.relativize(file).toString())
                        .filter(file -> file.endsWith(".class") && !file.endsWith("module-info.class"))
                        .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
                        .forEach(names::add);
            }
        }
        return names;
    }

    static final class OwnExecutor implements java.util.concurrent.Executor {
        @Override
        public void execute(Runnable command) {
            command.run();
        }
    }

    static final class OwnPool extends ThreadPoolExecutor {
        OwnPool() {
            super(1, 1, 1, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
        }
    }

    interface OwnSubmitting extends ExecutorService {
    }

    static final class OwnThread extends Thread {
        @Override
        public void run() {
        }
    }

    interface Service extends ExecutorService {
    }

    abstract static class ThroughOwnInterface extends AbstractObject implements Service {
    }

    abstract static class AbstractObject {
    }

    static final class PlainTask implements Runnable, Comparable<PlainTask> {
        @Override
        public void run() {
        }

        @Override
        public int compareTo(PlainTask other) {
            return 0;
        }
    }
}
