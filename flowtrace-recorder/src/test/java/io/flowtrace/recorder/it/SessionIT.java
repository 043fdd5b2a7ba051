package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With session=dir the recording and a sidecar go to dir/pid.*, and the program's stderr stays clean. */
class SessionIT {
    static Jdk jdk;
    static Path shop;

    @BeforeAll
    static void compile() throws Exception {
        jdk = Jdks.requireFeature(17);
        shop = Programs.classes(jdk, "shop");
    }

    @Test
    void writesRecordingAndSidecarNamedByPid(@TempDir Path session) throws Exception {
        Run plain = TracedJvm.run(jdk, null, "-cp", shop.toString(), "demo.Shop", "arg1");
        Run run = TracedJvm.run(jdk, "session=" + session, "-cp", shop.toString(), "demo.Shop", "arg1");
        assertArrayEquals(plain.stderr(), run.stderr(), run::toString);

        Properties sidecar = onlySidecar(session);
        String pid = sidecar.getProperty("pid");
        Path recording = session.resolve(pid + ".jfr");
        CallLog calls = CallLog.read(recording);
        assertAll(
                () -> assertEquals("exited", sidecar.getProperty("status")),
                () -> assertEquals("demo.Shop arg1", sidecar.getProperty("command")),
                () -> assertEquals(recording.toString(), sidecar.getProperty("output")),
                () -> assertTrue(sidecar.getProperty("java.version").startsWith("17"), sidecar::toString),
                () -> assertTrue(Long.parseLong(sidecar.getProperty("startMillis"))
                        <= Long.parseLong(sidecar.getProperty("exitMillis")), sidecar::toString),
                () -> assertEquals(String.valueOf(calls.definitions.size()),
                        sidecar.getProperty("instrumentedMethods")),
                () -> assertEquals(String.valueOf(calls.enters),
                        sidecar.getProperty("tracedCalls")),
                () -> assertEquals("0", sidecar.getProperty("instrumentationErrors")),
                () -> assertEquals("false", sidecar.getProperty("sizeLimitReached")),
                () -> assertEquals(RecorderIT.SHOP_CALLS.replace("String[0]", "String[1]"), calls.main()));
        if (session.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            for (Path file : List.of(recording, session.resolve(pid + ".properties"))) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file::toString);
            }
        }
    }

    @Test
    void instrumentationErrorsGoToTheSidecarNotToStderr(@TempDir Path session) throws Exception {
        Path classes = AgentFailuresIT.tooLarge(jdk);
        Run run = TracedJvm.run(jdk, "session=" + session, "-cp", classes.toString(), "demo.TooLarge");
        assertEquals("", run.err());
        Properties sidecar = onlySidecar(session);
        assertEquals("1", sidecar.getProperty("instrumentationErrors"));
        assertEquals("0", sidecar.getProperty("warnings"), "counted, not a warning each");
        assertEquals(null, sidecar.getProperty("warning.1"), sidecar::toString);
    }

    @Test
    void notesWhenTheRecordingReachesMaxSize(@TempDir Path session) throws Exception {
        Run run = TracedJvm.run(jdk, "session=" + session + ";maxSize=2000000;include=demo.Shop::fib",
                "-cp", shop.toString(), "-Dfib=30", "demo.Shop");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", onlySidecar(session).getProperty("sizeLimitReached"));
    }

    static Properties onlySidecar(Path session) throws Exception {
        List<Path> sidecars;
        try (var files = Files.list(session)) {
            sidecars = files.filter(f -> f.toString().endsWith(".properties")).toList();
        }
        assertEquals(1, sidecars.size(), () -> "sidecars in " + session + ": " + sidecars);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(sidecars.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        return properties;
    }
}
