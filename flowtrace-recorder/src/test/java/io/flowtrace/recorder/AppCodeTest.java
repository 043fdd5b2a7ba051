package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCodeTest {
    @TempDir
    Path temp;

    private static ProtectionDomain at(Path location) throws Exception {
        return new ProtectionDomain(new CodeSource(location.toUri().toURL(), (Certificate[]) null), null);
    }

    @Test
    void directoriesAndTheMainJarAreTheApplication() throws Exception {
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Path app = Files.createFile(temp.resolve("app.jar"));
        Path dependency = Files.createFile(temp.resolve("dependency.jar"));
        AppCode code = new AppCode(Path.of(System.getProperty("java.home")), app);
        ClassLoader loader = getClass().getClassLoader();
        assertTrue(code.contains(loader, at(classes)));
        assertTrue(code.contains(loader, at(app)));
        assertFalse(code.contains(loader, at(dependency)));
        assertFalse(code.contains(loader, null));
        assertFalse(code.contains(loader, new ProtectionDomain(null, null)));
        assertFalse(code.contains(null, at(classes)), "the bootstrap loader is the JDK's");
        assertFalse(code.contains(ClassLoader.getPlatformClassLoader(), at(classes)));
    }

    @Test
    void nothingUnderJavaHome() throws Exception {
        Path home = Files.createDirectories(temp.resolve("jdk"));
        Path inside = Files.createDirectories(home.resolve("lib/classes"));
        assertFalse(new AppCode(home, null).contains(getClass().getClassLoader(), at(inside)));
    }

    @Test
    void theMainJarComesFromTheJavaCommand() throws Exception {
        Path jar = Files.createFile(temp.resolve("my app.jar"));
        assertEquals(jar, AppCode.mainJar(jar + " --port 8080"));
        assertEquals(jar, AppCode.mainJar(jar.toString()));
        assertNull(AppCode.mainJar(temp.resolve("missing.jar") + " x"));
        assertNull(AppCode.mainJar("com.example.NoSuchMain arg"));
        assertNull(AppCode.mainJar("app/com.example.Main"));
        assertNull(AppCode.mainJar(""));
        assertNull(AppCode.mainJar(null));
        // a main class found in a jar of the class path names that jar
        Path junitJar = AppCode.mainJar("org.junit.jupiter.api.Test");
        assertTrue(junitJar != null && junitJar.toString().endsWith(".jar"), String.valueOf(junitJar));
    }
}
