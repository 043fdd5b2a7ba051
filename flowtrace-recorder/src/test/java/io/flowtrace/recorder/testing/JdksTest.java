package io.flowtrace.recorder.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdksTest {
    @Test
    void featureReleaseOfVersionStrings() {
        assertEquals(17, Jdks.featureOf("17.0.15"));
        assertEquals(25, Jdks.featureOf("25"));
        assertEquals(21, Jdks.featureOf("21-ea"));
        assertEquals(8, Jdks.featureOf("1.8.0_392"));
    }

    @Test
    void readsAJdkFromItsReleaseFile(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Files.createFile(home.resolve("bin").resolve(tool),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        assertFalse(Jdks.read(home).isPresent(), "no release file");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"26.0.1\"\n");
        Jdks.Jdk jdk = Jdks.read(home).orElseThrow();
        assertEquals(26, jdk.feature());
        assertEquals("26.0.1", jdk.version());
        assertEquals(home.toRealPath().resolve("bin/javac"), jdk.javac());
    }

    @Test
    void findsTheJdkRunningTheTests() {
        int running = Runtime.version().feature();
        assertTrue(Jdks.installed().stream().anyMatch(jdk -> jdk.feature() == running), Jdks.installed()::toString);
        assertTrue(Jdks.newest(running).isPresent());
    }
}
