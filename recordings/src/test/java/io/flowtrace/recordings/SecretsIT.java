package io.flowtrace.recordings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets never reach the recording: examples.hostile.Secrets passes one secret to parameters named like
 * secrets, and the raw bytes of the .jfr file are searched for it in every encoding JFR may use for a string.
 */
class SecretsIT {
    private static final String SECRET = "hunter2-Zq7-s3cr3t-Ωmega";

    @TempDir
    Path temp;

    private Path record(String... options) {
        Path recording = temp.resolve("secrets-" + System.nanoTime() + ".jfr");
        List<String> args = new ArrayList<>(List.of("record", "-q", "-o", recording.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "java", "-cp", Example.HOME.resolve("target/classes").toString(),
                "examples.hostile.Secrets"));
        Golden.Output run = Golden.cli(args);
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        return recording;
    }

    @ParameterizedTest(name = "--values {0}")
    @ValueSource(strings = {"safe", "tostring"})
    void secretArgumentsShowAsStarsAndAreNowhereInTheFile(String values) throws Exception {
        Path recording = record("--values", values, "--secrets", "vaultCode");
        String tree = Golden.tree(recording, List.of()).out();
        assertAll(
                () -> assertTrue(tree.contains("Secrets.login(\"alice\", \"***\") → true"), tree),
                () -> assertTrue(tree.contains("Secrets.connect(\"db://orders\", \"***\", \"***\")"), tree),
                () -> assertTrue(tree.contains("Secrets.authorize(\"***\") → 1"), tree),
                () -> assertTrue(tree.contains("Secrets.authenticate(\"***\") → \"alice\""), tree),
                () -> assertTrue(tree.contains("Secrets.openVault(\"***\") → 24"), tree));
        assertAbsent(recording, SECRET);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(recording)));
    }

    @Test
    void theSearchFindsTheSecretWhereItIsNotRedacted() throws Exception {
        Path recording = record(); // vaultCode is no secret word by default
        assertTrue(Golden.tree(recording, List.of()).out().contains("Secrets.openVault(\"" + SECRET + "\")"));
        assertTrue(contains(Files.readAllBytes(recording), SECRET), "the search must see a recorded value");
    }

    @Test
    void valuesNoneRecordsNoValueAtAll() throws Exception {
        Path recording = record("--values", "none");
        String tree = Golden.tree(recording, List.of()).out();
        assertTrue(tree.contains("├─ Secrets.login(?)\n"), tree);
        assertAbsent(recording, SECRET);
        assertAbsent(recording, "db://orders");
    }

    private static void assertAbsent(Path recording, String text) throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        assertFalse(contains(bytes, text), () -> "'" + text + "' is in " + recording);
    }

    /** True when the text is in the bytes in any of the string encodings of JFR (UTF-8, Latin-1, chars). */
    private static boolean contains(byte[] bytes, String text) {
        // its ASCII part in Latin-1 or JFR's char arrays is plain bytes, like UTF-8
        String ascii = text.chars().allMatch(c -> c < 128) ? text : text.substring(0, text.indexOf('Ω'));
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE)) {
            if (indexOf(bytes, text.getBytes(charset)) >= 0 || indexOf(bytes, ascii.getBytes(charset)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
