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
import java.util.ArrayList;
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

import io.flowtrace.recorder.runtime.MethodInfo;
import io.flowtrace.recorder.runtime.MethodRegistry;

/**
 * What an instrumentation made of classes, kept between runs in one file per identity (agent build, JDK, the options
 * that change the instrumentation, for the method tracing the program): a class handed over with the same bytes, in
 * the same context, is changed the same way, so a run after the first takes the result from here instead of running
 * Byte Buddy again (with every class found here, Byte Buddy is not even started: most of a traced hello world's
 * start-up). An entry is used only when the bytes handed over are equal to those it was made from; it also says
 * when the class was left as it was, and which traced methods (with their ids) its instrumentation uses. Each entry
 * carries a checksum, the file is replaced whole (written under another name, then renamed), and it is read only
 * when no one but its owner may write to it or to its directory.
 */
final class TransformCache {
    private static final int MAGIC = 0x46544a43; // "FTJC"
    private static final int VERSION = 2;
    /**
     * Files kept in the directory, the newest (one per agent build, JDK and options, and per program); older ones
     * are deleted.
     */
    static final int FILES_KEPT = 64;
    private static final String PREFIX = "classes-";
    /** How agents before this format named their files: deleted as old ones. */
    private static final String FORMER_PREFIX = "jdk-classes-";
    /**
     * Ids a file may hold beyond four per method its entries use: past that (ids above stale entries pile up as a
     * program changes) it starts afresh, so that ids, and the tables indexed by them, stay small.
     */
    private static final int SPARE_IDS = 4096;
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /**
     * A class as handed to the transformer: its name, what else decides how it is changed (its context, e.g. whether
     * its class loader is the JDK's) and its bytes, compared in full.
     */
    private record Input(String name, int context, byte[] classFile, int hash) {
        static Input of(String name, int context, byte[] classFile) {
            return new Input(name, context, classFile,
                    (name.hashCode() * 31 + context) * 31 + Arrays.hashCode(classFile));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Input input && hash == input.hash && context == input.context
                    && name.equals(input.name) && Arrays.equals(classFile, input.classFile);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * What the instrumentation made of a class: its new bytes, or null when it left the class as it was; the traced
     * methods those bytes call the hooks with, by id (none for the task instrumentation).
     */
    record Made(byte[] classFile, List<MethodInfo> methods) {
        Made {
            methods = List.copyOf(methods);
        }
    }

    private final Path file;
    private final String identity;
    private final Consumer<String> debug;
    private final Map<Input, Made> entries = new ConcurrentHashMap<>();
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

    /** What the instrumentation made of {@code classFile} in {@code context} before; null when it is not known. */
    Made get(String name, int context, byte[] classFile) {
        Made made = entries.get(Input.of(name, context, classFile));
        if (made != null) {
            hits.incrementAndGet();
        }
        return made;
    }

    /** Classes {@link #get} found. */
    int hits() {
        return hits.get();
    }

    /**
     * Keeps what the instrumentation made of {@code classFile} in {@code context}.
     *
     * @param made the new bytes, or null when the class was left as it was
     * @param methods the traced methods the new bytes call the hooks with
     */
    void put(String name, int context, byte[] classFile, byte[] made, List<MethodInfo> methods) {
        entries.put(Input.of(name, context, classFile.clone()),
                new Made(made == null ? null : made.clone(), methods));
        changed = true;
    }

    /**
     * How many method ids the classes kept use: the ids below are theirs ({@link MethodRegistry#reserve}), a method
     * first instrumented in this run gets one above.
     */
    int methodIds() {
        int ids = 0;
        for (Made made : entries.values()) {
            for (MethodInfo method : made.methods()) {
                ids = Math.max(ids, method.id() + 1);
            }
        }
        return ids;
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
            debug.accept("could not write the cache of instrumented classes " + file + ": " + e);
        }
    }

    /** Every agent build, JDK and program leaves a file: only the newest {@link #FILES_KEPT} stay. */
    private static void deleteOldFiles(Path directory) throws IOException {
        List<Path> files;
        List<Path> former;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".bin")).collect(Collectors.toList());
        }
        former = files.stream().filter(f -> f.getFileName().toString().startsWith(FORMER_PREFIX)).toList();
        files.removeIf(f -> !f.getFileName().toString().startsWith(PREFIX));
        for (Path old : former) {
            Files.deleteIfExists(old);
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
        Map<Input, Made> snapshot = Map.copyOf(entries);
        out.writeInt(snapshot.size());
        for (Map.Entry<Input, Made> entry : snapshot.entrySet()) {
            Input input = entry.getKey();
            byte[] made = entry.getValue().classFile();
            byte[] methods = serialized(entry.getValue().methods());
            writeUtf(out, input.name);
            out.writeInt(input.context);
            writeBytes(out, input.classFile);
            writeBytes(out, made);
            writeBytes(out, methods);
            out.writeLong(checksum(input.name + '/' + input.context, input.classFile, made, methods));
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
            int methods = 0;
            for (int i = 0; i < count; i++) {
                String name = readUtf(in);
                int context = in.getInt();
                byte[] classFile = bytes(in);
                byte[] made = bytes(in);
                byte[] methodBytes = bytes(in);
                if (classFile == null || methodBytes == null
                        || in.getLong() != checksum(name + '/' + context, classFile, made, methodBytes)) {
                    debug.accept("not using " + file + ": damaged");
                    entries.clear();
                    return;
                }
                Made kept = new Made(made, methods(ByteBuffer.wrap(methodBytes)));
                methods += kept.methods().size();
                entries.put(Input.of(name, context, classFile), kept);
            }
            if (methodIds() > 4 * methods + SPARE_IDS) {
                debug.accept("starting " + file + " afresh: its method ids grew sparse");
                entries.clear();
                changed = true;
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

    /** Writes bytes with their length before them; null as length -1. */
    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static byte[] serialized(List<MethodInfo> methods) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(methods.size());
        for (MethodInfo method : methods) {
            out.writeInt(method.id());
            writeUtf(out, method.type());
            writeUtf(out, method.name());
            writeUtf(out, method.descriptor());
            out.writeBoolean(method.parameterNames() != null);
            if (method.parameterNames() != null) {
                writeUtf(out, method.parameterNames());
            }
            out.writeInt(method.modifiers());
            boolean[] secret = method.secret();
            out.writeInt(secret == null ? -1 : secret.length);
            for (int i = 0; secret != null && i < secret.length; i++) {
                out.writeBoolean(secret[i]);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static List<MethodInfo> methods(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new BufferUnderflowException();
        }
        List<MethodInfo> methods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = in.getInt();
            String type = readUtf(in);
            String name = readUtf(in);
            String descriptor = readUtf(in);
            String parameterNames = in.get() != 0 ? readUtf(in) : null;
            int modifiers = in.getInt();
            int secrets = in.getInt();
            if (id < 0 || secrets < -1 || secrets > in.remaining()) {
                throw new BufferUnderflowException();
            }
            boolean[] secret = secrets < 0 ? null : new boolean[secrets];
            for (int j = 0; j < secrets; j++) {
                secret[j] = in.get() != 0;
            }
            methods.add(new MethodInfo(id, type, name, descriptor, parameterNames, modifiers, secret));
        }
        return methods;
    }

    private static long checksum(String name, byte[] classFile, byte[] made, byte[] methods) {
        CRC32C crc = new CRC32C();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        crc.update(classFile);
        long first = crc.getValue();
        if (made != null) {
            crc.update(made);
        }
        crc.update(methods);
        return first << 32 | crc.getValue();
    }
}
