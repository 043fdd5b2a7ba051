package io.flowtrace.recorder;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * What the task instrumentation made of the JDK's own classes, kept between runs in one file per agent build, JDK
 * and choice of task groups: a JDK class handed over with the same bytes is changed the same way, so a run after the
 * first takes the result from here instead of running Byte Buddy over {@code java.lang.Thread} again (on JDK 25
 * that was a fifth of a traced hello world's CPU time). An entry is used only when the bytes handed over are equal
 * to those it was made from; each entry carries a checksum, the file is replaced whole (written under another name,
 * then renamed), and it is read only when no one but its owner may write to it or to its directory.
 */
final class TransformCache {
    private static final int MAGIC = 0x46544a43; // "FTJC"
    private static final int VERSION = 1;
    /** Files kept in the directory, the newest (one per agent build and JDK); older ones are deleted. */
    static final int FILES_KEPT = 32;
    private static final String PREFIX = "jdk-classes-";
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** A class as handed to the transformer: its name and its bytes, compared in full. */
    private record Input(String name, byte[] classFile, int hash) {
        static Input of(String name, byte[] classFile) {
            return new Input(name, classFile, name.hashCode() * 31 + Arrays.hashCode(classFile));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Input input && hash == input.hash && name.equals(input.name)
                    && Arrays.equals(classFile, input.classFile);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Path file;
    private final String identity;
    private final Consumer<String> debug;
    private final Map<Input, byte[]> entries = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile boolean changed;

    private TransformCache(Path file, String identity, Consumer<String> debug) {
        this.file = file;
        this.identity = identity;
        this.debug = debug;
    }

    /**
     * The cache kept in {@code directory} for what {@code identity} names (the agent build, the JDK, the options that
     * change the instrumentation), with the entries a run before left there, if any could be read.
     *
     * @param debug told why an existing file was not used
     */
    static TransformCache open(Path directory, String identity, Consumer<String> debug) {
        CRC32C crc = new CRC32C();
        crc.update(identity.getBytes(StandardCharsets.UTF_8));
        Path file = directory.resolve(String.format(PREFIX + "%08x.bin", crc.getValue()));
        TransformCache cache = new TransformCache(file, identity, debug);
        cache.load();
        return cache;
    }

    /** The class the instrumentation made of {@code classFile} before; null when it is not known. */
    byte[] get(String name, byte[] classFile) {
        byte[] made = entries.get(Input.of(name, classFile));
        if (made != null) {
            hits.incrementAndGet();
        }
        return made;
    }

    /** Classes {@link #get} found. */
    int hits() {
        return hits.get();
    }

    /** Keeps what the instrumentation made of {@code classFile}. */
    void put(String name, byte[] classFile, byte[] made) {
        entries.put(Input.of(name, classFile.clone()), made.clone());
        changed = true;
    }

    /** Classes kept. */
    int size() {
        return entries.size();
    }

    /** Writes the file when classes were added since it was read; a failure only goes to the debug log. */
    void saveIfChanged() {
        if (!changed) {
            return;
        }
        changed = false;
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Permissions.ownerOnlyDirectory(directory);
            Permissions.replaceOwnerOnly(file, serialized());
            deleteOldFiles(directory);
        } catch (IOException | RuntimeException e) {
            debug.accept("could not write the cache of instrumented JDK classes " + file + ": " + e);
        }
    }

    /** Every agent build and JDK leaves a file: only the newest {@link #FILES_KEPT} stay. */
    private static void deleteOldFiles(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                    && f.getFileName().toString().endsWith(".bin")).collect(Collectors.toList());
        }
        if (files.size() <= FILES_KEPT) {
            return;
        }
        Map<Path, FileTime> modified = new HashMap<>();
        for (Path each : files) {
            modified.put(each, Files.getLastModifiedTime(each));
        }
        files.sort(Comparator.comparing(modified::get, Comparator.reverseOrder()));
        for (Path old : files.subList(FILES_KEPT, files.size())) {
            Files.deleteIfExists(old);
        }
    }

    private byte[] serialized() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeUtf(out, identity);
        Map<Input, byte[]> snapshot = Map.copyOf(entries);
        out.writeInt(snapshot.size());
        for (Map.Entry<Input, byte[]> entry : snapshot.entrySet()) {
            Input input = entry.getKey();
            byte[] made = entry.getValue();
            writeUtf(out, input.name);
            out.writeInt(input.classFile.length);
            out.write(input.classFile);
            out.writeInt(made.length);
            out.write(made);
            out.writeLong(checksum(input.name, input.classFile, made));
        }
        out.flush();
        return bytes.toByteArray();
    }

    private void load() {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (!ownedAndPrivate(file.getParent()) || !ownedAndPrivate(file)) {
                debug.accept("not using " + file + ": others may write to it or to its directory");
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            if (in.getInt() != MAGIC || in.getInt() != VERSION || !identity.equals(readUtf(in))) {
                return; // another build or JDK whose name hashed alike, or an older format: rewritten at the end
            }
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                String name = readUtf(in);
                byte[] classFile = bytes(in);
                byte[] made = bytes(in);
                if (in.getLong() != checksum(name, classFile, made)) {
                    debug.accept("not using " + file + ": damaged");
                    entries.clear();
                    return;
                }
                entries.put(Input.of(name, classFile), made);
            }
        } catch (IOException | RuntimeException e) { // BufferUnderflowException, a negative size: damaged
            debug.accept("not using " + file + ": " + e);
            entries.clear();
        }
    }

    private static boolean ownedAndPrivate(Path path) throws IOException {
        String user = System.getProperty("user.name");
        if (user == null || !user.equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName())) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return permissions.stream().noneMatch(OTHERS_WRITE::contains);
        } catch (UnsupportedOperationException e) {
            return true; // not a POSIX file system: its owner is all we can check
        }
    }

    private static void writeUtf(DataOutputStream out, String text) throws IOException {
        byte[] utf = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf.length);
        out.write(utf);
    }

    private static String readUtf(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] utf = new byte[length];
        in.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static long checksum(String name, byte[] classFile, byte[] made) {
        CRC32C crc = new CRC32C();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        crc.update(classFile);
        long first = crc.getValue();
        crc.update(made);
        return first << 32 | crc.getValue();
    }
}
