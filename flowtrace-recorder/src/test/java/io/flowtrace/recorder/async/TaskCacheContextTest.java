package io.flowtrace.recorder.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.Test;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;

class TaskCacheContextTest {
    private final TaskCacheContext context = new TaskCacheContext();

    static final class OwnThread extends Thread {
        @Override
        public void run() {
        }
    }

    interface Submitting extends Executor {
    }

    static final class OwnExecutor implements Submitting {
        @Override
        public void execute(Runnable command) {
            command.run();
        }
    }

    @Test
    void theJdksOwnClassesNeedNothingMoreThanTheirNameAndBytes() throws IOException {
        assertEquals(TaskCacheContext.JDK, context.of(null, "java/util/concurrent/ThreadPoolExecutor", null, null,
                classFile(ThreadPoolExecutor.class)));
        assertEquals(TaskCacheContext.JDK, context.of(null, "java/util/concurrent/ThreadPoolExecutor",
                ThreadPoolExecutor.class, null, null));
    }

    @Test
    void aProgramsClassTakesItsSupertypesAlikeWhenLoadedAndWhenRetransformed() throws IOException {
        for (Class<?> type : new Class<?>[] {OwnThread.class, OwnExecutor.class, Submitting.class}) {
            int loading = context.of(type.getClassLoader(), internalName(type), null, type.getProtectionDomain(),
                    classFile(type));
            int retransforming = context.of(type.getClassLoader(), internalName(type), type,
                    type.getProtectionDomain(), classFile(type));
            assertTrue(loading > 0, type + ": " + loading);
            assertEquals(loading, retransforming, type.getName());
        }
        assertNotEquals(context.of(OwnThread.class.getClassLoader(), internalName(OwnThread.class), OwnThread.class,
                null, null), context.of(OwnExecutor.class.getClassLoader(), internalName(OwnExecutor.class),
                OwnExecutor.class, null, null));
    }

    @Test
    void theSameBytesOverOtherSupertypesTakeAnotherContext() {
        DynamicType.Unloaded<?> baseThread = new ByteBuddy().subclass(Thread.class).name("demo.Base").make();
        DynamicType.Unloaded<?> baseExecutor = new ByteBuddy().subclass(Object.class).implement(Executor.class)
                .name("demo.Base").make();
        byte[] worker = worker(baseThread.getTypeDescription());
        assertArrayEquals(worker, worker(baseExecutor.getTypeDescription()), "the same bytes over either base");
        ClassLoader threads = new Resources(Map.of("demo/Base.class", baseThread.getBytes()));
        ClassLoader executors = new Resources(Map.of("demo/Base.class", baseExecutor.getBytes()));
        int overThread = context.of(threads, "demo/Worker", null, null, worker);
        int overExecutor = context.of(executors, "demo/Worker", null, null, worker);
        assertTrue(overThread > 0 && overExecutor > 0, overThread + " " + overExecutor);
        assertNotEquals(overThread, overExecutor);
        assertEquals(-1, context.of(new Resources(Map.of()), "demo/Worker", null, null, worker),
                "a supertype that cannot be read: not cached");
    }

    @Test
    void aClassLoadedWhileItsLoaderIsReadForSupertypesIsNotKept() {
        DynamicType.Unloaded<?> base = new ByteBuddy().subclass(Thread.class).name("demo.Base").make();
        byte[] worker = worker(base.getTypeDescription());
        int[] nested = {0};
        ClassLoader loader = new Resources(Map.of("demo/Base.class", base.getBytes())) {
            @Override
            public InputStream getResourceAsStream(String name) {
                // what a class loader that loads its own classes while it finds a resource hands the agent
                nested[0] = context.of(this, "demo/Worker", null, null, worker);
                return super.getResourceAsStream(name);
            }
        };
        assertTrue(context.of(loader, "demo/Worker", null, null, worker) > 0);
        assertEquals(-1, nested[0]);
    }

    private static byte[] worker(TypeDescription base) {
        return new ByteBuddy().subclass(base, ConstructorStrategy.Default.NO_CONSTRUCTORS).name("demo.Worker").make()
                .getBytes();
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName(type) + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A class loader that finds class files, as resources, only in its map. */
    private static class Resources extends ClassLoader {
        private final Map<String, byte[]> files;

        Resources(Map<String, byte[]> files) {
            super(null);
            this.files = files;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] file = files.get(name);
            return file == null ? null : new ByteArrayInputStream(file);
        }
    }
}
