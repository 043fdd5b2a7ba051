package io.flowtrace.recorder.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.Test;

class AsyncInstrumenterTest {
    private static int context(Class<?> type) {
        return AsyncInstrumenter.cacheContext(type.getClassLoader(), type.getProtectionDomain());
    }

    @Test
    void onlyTheJdksOwnClassesMayBeCachedJavacsIncluded() throws Exception {
        assertEquals(0, context(ThreadPoolExecutor.class), "boot class loader");
        assertEquals(0, context(Class.forName("java.sql.Connection")), "platform class loader");
        Class<?> javac = Class.forName("com.sun.tools.javac.file.BaseFileManager");
        assertSame(ClassLoader.getSystemClassLoader(), javac.getClassLoader(), "jdk.compiler: the application's");
        assertEquals(0, context(javac), "a JDK module the application class loader defines");
        assertEquals(-1, context(AsyncInstrumenterTest.class), "the program's own: its supertypes may change");
        assertEquals(-1, AsyncInstrumenter.cacheContext(ClassLoader.getSystemClassLoader(), null));
    }
}
