package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.flowtrace.recorder.runtime.MethodInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCacheTest {
    private static final byte[] THREAD = {(byte) 0xca, (byte) 0xfe, 1, 2, 3};
    private static final byte[] THREAD_INSTRUMENTED = {(byte) 0xca, (byte) 0xfe, 1, 2, 3, 4, 5};
    private static final byte[] SHOP = {(byte) 0xca, (byte) 0xfe, 7, 7};
    private static final byte[] SHOP_TRACED = {(byte) 0xca, (byte) 0xfe, 7, 7, 8};
    private static final int JDK = 0;
    private static final int APP = 2;

    @TempDir
    Path temp;
    private final List<String> debug = new ArrayList<>();

    private TransformCache open(String identity) {
        return TransformCache.open(temp.resolve("cache"), identity, debug::add);
    }

    private Path onlyFile() throws IOException {
        try (var files = Files.list(temp.resolve("cache"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all::toString);
            return all.get(0);
        }
    }

    @Test
    void aClassKeptInOneRunIsFoundInTheNextWhenItsBytesAreTheSame() throws IOException {
        TransformCache first = open("agent 1, JDK 25");
        assertNull(first.get("java/lang/Thread", JDK, THREAD));
        first.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        first.saveIfChanged();

        TransformCache second = open("agent 1, JDK 25");
        assertArrayEquals(THREAD_INSTRUMENTED, second.get("java/lang/Thread", JDK, THREAD.clone()).classFile());
        assertNull(second.get("java/lang/Thread", JDK, new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2, 9}),
                "other bytes");
        assertNull(second.get("java/lang/VirtualThread", JDK, THREAD), "other name");
        assertEquals(1, second.hits());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("cache"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(onlyFile())));
    }

    @Test
    void anotherAgentBuildOrJdkStartsEmpty() {
        TransformCache first = open("agent 1, JDK 25");
        first.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        first.saveIfChanged();
        assertNull(open("agent 2, JDK 25").get("java/lang/Thread", JDK, THREAD));
        assertNull(open("agent 1, JDK 17").get("java/lang/Thread", JDK, THREAD));
    }

    @Test
    void aDamagedOrTruncatedFileIsNotUsed() throws IOException {
        TransformCache first = open("agent 1, JDK 25");
        first.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        first.saveIfChanged();
        Path file = onlyFile();
        byte[] bytes = Files.readAllBytes(file);
        byte[] damaged = bytes.clone();
        damaged[damaged.length - 12] ^= 1; // in the instrumented class
        Files.write(file, damaged);
        assertNull(open("agent 1, JDK 25").get("java/lang/Thread", JDK, THREAD));
        assertTrue(debug.stream().anyMatch(line -> line.contains("damaged")), debug::toString);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertNull(open("agent 1, JDK 25").get("java/lang/Thread", JDK, THREAD));
    }

    @Test
    void aFileOthersMayWriteToIsNotUsed() throws IOException {
        TransformCache first = open("agent 1, JDK 25");
        first.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        first.saveIfChanged();
        Files.setPosixFilePermissions(onlyFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertNull(open("agent 1, JDK 25").get("java/lang/Thread", JDK, THREAD));
        assertTrue(debug.stream().anyMatch(line -> line.contains("others may write")), debug::toString);
    }

    @Test
    void onlyTheNewestFilesStay() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("cache"));
        for (int i = 0; i < TransformCache.FILES_KEPT + 3; i++) {
            Path old = Files.write(directory.resolve("classes-old" + i + ".bin"), new byte[] {1});
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.write(directory.resolve("notes.txt"), new byte[] {1});
        Files.write(directory.resolve("jdk-classes-0123abcd.bin"), new byte[] {1}); // an older agent's format
        TransformCache cache = open("agent 1, JDK 25");
        cache.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        cache.saveIfChanged();
        try (var files = Files.list(directory)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(TransformCache.FILES_KEPT + 1, names.size(), names::toString); // with notes.txt
            assertTrue(names.contains("notes.txt") && !names.contains("jdk-classes-0123abcd.bin")
                    && !names.contains("classes-old0.bin")
                    && !names.contains("classes-old3.bin") && names.contains("classes-old4.bin"),
                    names::toString);
        }
        assertArrayEquals(THREAD_INSTRUMENTED, open("agent 1, JDK 25").get("java/lang/Thread", JDK, THREAD)
                .classFile());
    }

    @Test
    void aClassKeepsItsTracedMethodsWithTheirIdsAndAClassLeftAloneIsKeptAsSuch() {
        TransformCache first = open("agent 1, JDK 25, include=");
        MethodInfo main = new MethodInfo(7, "com.acme.Shop", "main", "([Ljava/lang/String;)V", "args", 9, null);
        MethodInfo pay = new MethodInfo(8, "com.acme.Shop", "pay", "(Ljava/lang/String;I)Z", null, 1,
                new boolean[] {true, false});
        first.put("com/acme/Shop", APP, SHOP, SHOP_TRACED, List.of(main, pay));
        first.put("com/acme/Plain", APP, THREAD, null, List.of());
        first.saveIfChanged();

        TransformCache second = open("agent 1, JDK 25, include=");
        assertEquals(9, second.methodIds());
        TransformCache.Made shop = second.get("com/acme/Shop", APP, SHOP);
        assertArrayEquals(SHOP_TRACED, shop.classFile());
        assertEquals(List.of("7 com.acme.Shop.main([Ljava/lang/String;)V args 9 null",
                        "8 com.acme.Shop.pay(Ljava/lang/String;I)Z null 1 [true, false]"),
                shop.methods().stream().map(m -> m.id() + " " + m + m.descriptor() + " " + m.parameterNames() + " "
                        + m.modifiers() + " " + java.util.Arrays.toString(m.secret())).toList());
        assertNull(second.get("com/acme/Shop", JDK, SHOP), "the same bytes from another kind of class loader");
        TransformCache.Made plain = second.get("com/acme/Plain", APP, THREAD);
        assertNull(plain.classFile(), "left as it was");
        assertEquals(List.of(), plain.methods());
    }

    @Test
    void entriesARunDoesNotLookAtAreKeptAsTheyWereAndADamagedEntryCostsOnlyItself() throws IOException {
        TransformCache first = open("agent 1, JDK 25");
        first.put("java/lang/Thread", JDK, THREAD, THREAD_INSTRUMENTED, List.of());
        first.put("com/acme/Shop", APP, SHOP, SHOP_TRACED, List.of(new MethodInfo(3, "com.acme.Shop", "main", "()V",
                null, 9, null)));
        first.saveIfChanged();

        TransformCache second = open("agent 1, JDK 25");
        assertArrayEquals(SHOP_TRACED, second.get("com/acme/Shop", APP, SHOP).classFile());
        second.put("com/acme/Cart", APP, THREAD, null, List.of());
        second.saveIfChanged();

        TransformCache third = open("agent 1, JDK 25");
        assertEquals(4, third.methodIds());
        assertEquals(3, third.size());
        assertArrayEquals(THREAD_INSTRUMENTED, third.get("java/lang/Thread", JDK, THREAD).classFile(),
                "not looked at in the second run, written as it was read");
        assertNull(third.get("com/acme/Cart", APP, THREAD).classFile());

        Path file = onlyFile();
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, THREAD_INSTRUMENTED);
        bytes[at + THREAD_INSTRUMENTED.length - 1] ^= 1;
        Files.write(file, bytes);
        TransformCache fourth = open("agent 1, JDK 25");
        assertNull(fourth.get("java/lang/Thread", JDK, THREAD));
        assertTrue(debug.stream().anyMatch(line -> line.contains("damaged")), debug::toString);
        assertArrayEquals(SHOP_TRACED, fourth.get("com/acme/Shop", APP, SHOP).classFile(), "the others still used");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the file");
    }

    @Test
    void nothingIsWrittenWhenNothingWasAdded() {
        open("agent 1, JDK 25").saveIfChanged();
        assertTrue(Files.notExists(temp.resolve("cache")));
    }
}
