package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class ClassTableTest {
    @Test
    void givesEachClassTheValueItsClassValueComputes() {
        AtomicInteger computed = new AtomicInteger();
        ClassTable<String> names = new ClassTable<>(new ClassValue<>() {
            @Override
            protected String computeValue(Class<?> type) {
                computed.incrementAndGet();
                return type.getSimpleName();
            }
        });
        // more classes than two ways of one slot hold, looked up twice
        List<Class<?>> types = List.of(String.class, Integer.class, int[].class, ClassTableTest.class, List.class,
                HashSet.class, Path.class, Thread.class, AtomicInteger.class, Object.class);
        for (int round = 0; round < 2; round++) {
            for (Class<?> type : types) {
                assertEquals(type.getSimpleName(), names.get(type));
            }
        }
        assertEquals(types.size(), computed.get());
    }

    @Test
    void holdsOnlyClassesThatNeverUnload() throws Exception {
        assertTrue(ClassTable.neverUnloads(String.class));
        assertTrue(ClassTable.neverUnloads(ClassTableTest.class));
        assertTrue(ClassTable.neverUnloads(ClassTableTest[][].class));
        Supplier<String> lambda = () -> "x";
        assertFalse(ClassTable.neverUnloads(lambda.getClass()));
        assertFalse(ClassTable.neverUnloads(java.lang.reflect.Array.newInstance(lambda.getClass(), 0).getClass()));
        URL classes = ClassTableTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader own = new URLClassLoader(new URL[] {classes}, null)) {
            Class<?> loaded = own.loadClass(ClassTableTest.class.getName());
            assertFalse(ClassTable.neverUnloads(loaded));
        }
    }
}
