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
import java.util.List;

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

    private static ProtectionDomain at(String url) throws Exception {
        return new ProtectionDomain(new CodeSource(new java.net.URL(null, url, new java.net.URLStreamHandler() {
            @Override
            protected java.net.URLConnection openConnection(java.net.URL u) {
                throw new UnsupportedOperationException();
            }
        }), (Certificate[]) null), null);
    }

    @Test
    void aSpringBootJarIsItsNestedClassesNotItsLoaderOrLibraries() throws Exception {
        Path shop = Files.createFile(temp.resolve("shop.jar"));
        AppCode code = new AppCode(temp.resolve("jdk"), shop, "org.springframework.boot.loader.launch.JarLauncher",
                "com.acme.shop.ShopApplication", List.of());
        ClassLoader loader = getClass().getClassLoader();
        assertFalse(code.contains(loader, at(shop)), "the Boot loader, at the jar's root");
        assertTrue(code.contains(loader, at("jar:nested:" + shop + "/!BOOT-INF/classes/!/")), "Boot 3.2 and later");
        assertFalse(code.contains(loader, at("jar:nested:" + shop + "/!BOOT-INF/lib/spring-core-6.2.12.jar!/")));
        assertTrue(code.contains(loader, at("jar:file:" + shop + "!/BOOT-INF/classes!/")), "Boot 2 to 3.1");
        assertFalse(code.contains(loader, at("jar:file:" + shop + "!/BOOT-INF/lib/jackson-core-2.19.2.jar!/")));
        assertTrue(code.contains(loader, at("jar:nested:" + temp.resolve("shop.war") + "/!WEB-INF/classes/!/")));
        assertFalse(code.contains(loader, at("jar:nested:" + temp.resolve("shop.war") + "/!WEB-INF/lib/a.jar!/")));
        assertEquals("com.acme.shop.**", code.suggestedInclude());
        assertTrue(code.launchedByLauncher());
        assertFalse(code.launcherOfUnknownApplication(), "the manifest names the application");
    }

    @Test
    void aBuildToolOrServerLauncherIsNotTheApplicationButClassFoldersAre() throws Exception {
        Path classworlds = Files.createFile(temp.resolve("plexus-classworlds-2.8.0.jar"));
        AppCode maven = new AppCode(temp.resolve("jdk"), classworlds,
                "org.codehaus.plexus.classworlds.launcher.Launcher", "org.codehaus.plexus.classworlds.launcher.Launcher",
                List.of());
        ClassLoader loader = getClass().getClassLoader();
        assertFalse(maven.contains(loader, at(classworlds)));
        assertTrue(maven.launcherOfUnknownApplication());
        assertNull(maven.suggestedInclude());

        Path booter = Files.createFile(temp.resolve("surefirebooter-1.jar"));
        AppCode surefire = new AppCode(temp.resolve("jdk"), booter,
                "org.apache.maven.surefire.booter.ForkedBooter", "org.apache.maven.surefire.booter.ForkedBooter",
                List.of());
        assertTrue(surefire.contains(loader, at(Files.createDirectories(temp.resolve("target/classes")))));
        assertTrue(surefire.contains(loader, at(Files.createDirectories(temp.resolve("target/test-classes")))));
        assertFalse(surefire.contains(loader, at(Files.createFile(temp.resolve("junit-jupiter-api-5.14.4.jar")))));
    }

    @Test
    void classFoldersOfBuildToolCachesAreNotTheApplication() throws Exception {
        Path cache = Files.createDirectories(temp.resolve(".gradle/caches/8.14/scripts/abc/classes"));
        AppCode code = new AppCode(temp.resolve("jdk"), null, "org.gradle.launcher.daemon.bootstrap.GradleDaemon",
                "org.gradle.launcher.daemon.bootstrap.GradleDaemon", List.of(temp.resolve(".gradle")));
        assertFalse(code.contains(getClass().getClassLoader(), at(cache)));
        assertTrue(code.contains(getClass().getClassLoader(), at(Files.createDirectories(temp.resolve("out")))));
    }

    @Test
    void aQuarkusFastJarIsItsAppFolder() throws Exception {
        Path app = Files.createDirectories(temp.resolve("quarkus-app"));
        Path run = Files.createFile(app.resolve("quarkus-run.jar"));
        Path mine = Files.createFile(Files.createDirectories(app.resolve("app")).resolve("shop-1.0.jar"));
        Path library = Files.createFile(Files.createDirectories(app.resolve("lib/main")).resolve("vertx-core.jar"));
        AppCode code = new AppCode(temp.resolve("jdk"), run, "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of());
        ClassLoader loader = getClass().getClassLoader();
        assertTrue(code.contains(loader, at(mine)));
        assertFalse(code.contains(loader, at(library)));
        assertFalse(code.contains(loader, at(run)));
    }

    @Test
    void theSuggestionIsTheMainClassPackage() {
        assertEquals("com.acme.**", new AppCode(temp, null, "com.acme.Main", "com.acme.Main", List.of())
                .suggestedInclude());
        assertNull(new AppCode(temp, null, "Main", "Main", List.of()).suggestedInclude(), "the default package");
        assertNull(new AppCode(temp, null, null, null, List.of()).suggestedInclude());
    }
}
