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
    private static final int VERSION = 3;
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
    /**
     * The file's entries not looked at yet, by class name: read when first asked for (its bytes compared, its
     * checksum checked), so that a start pays for the classes it loads, not for the whole file. Guarded by this.
     */
    private final Map<String, List<Stored>> stored = new HashMap<>();
    /** The file as read; its entries in {@link #stored} point into it. */
    private byte[] data = new byte[0];
    /** The ids the file's entries use (from its header) and the methods of those still in {@link #stored}. */
    private int storedIds;
    private int storedMethods;
    private final AtomicInteger hits = new AtomicInteger();
    private volatile boolean changed;

    /** An entry of the file, where its parts lie in {@link #data}; {@code made} -1 long when the class was left. */
    private record Stored(String name, int context, int classFile, int classFileLength, int made, int madeLength,
                          int methods, int methodsLength, long checksum) {
        boolean isFor(int wanted, byte[] bytes, byte[] data) {
            return context == wanted && classFileLength == bytes.length
                    && Arrays.equals(data, classFile, classFile + classFileLength, bytes, 0, bytes.length);
        }
    }

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
        Made made = fromFile(name, context, classFile);
        if (made == null) {
            made = entries.get(Input.of(name, context, classFile));
        }
        if (made != null) {
            hits.incrementAndGet();
        }
        return made;
    }

    /** The file's entry for the class, checked and moved to {@link #entries}; null when it has none. */
    private synchronized Made fromFile(String name, int context, byte[] classFile) {
        List<Stored> candidates = stored.get(name);
        if (candidates == null) {
            return null;
        }
        for (Stored entry : candidates) {
            if (entry.isFor(context, classFile, data)) {
                candidates.remove(entry);
                byte[] made = entry.madeLength < 0 ? null
                        : Arrays.copyOfRange(data, entry.made, entry.made + entry.madeLength);
                byte[] methods = Arrays.copyOfRange(data, entry.methods, entry.methods + entry.methodsLength);
                if (entry.checksum != checksum(name + '/' + context, classFile, made, methods)) {
                    debug.accept("not using an entry of " + file + " for " + name + ": damaged");
                    changed = true; // written again without it
                    return null;
                }
                Made kept = new Made(made, methods(ByteBuffer.wrap(methods)));
                storedMethods -= kept.methods().size(); // counted with the entries from now on
                entries.put(Input.of(name, context, classFile.clone()), kept);
                return kept;
            }
        }
        return null;
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
        int ids = storedIds;
        for (Made made : entries.values()) {
            for (MethodInfo method : made.methods()) {
                ids = Math.max(ids, method.id() + 1);
            }
        }
        return ids;
    }

    /** Classes kept. */
    synchronized int size() {
        return entries.size() + stored.values().stream().mapToInt(List::size).sum();
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

    private synchronized byte[] serialized() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Map<Input, Made> snapshot = Map.copyOf(entries);
        int methods = 0;
        for (Made made : snapshot.values()) {
            methods += made.methods().size();
        }
        List<Stored> unread = stored.values().stream().flatMap(List::stream).toList();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeUtf(out, identity);
        out.writeInt(methodIds());
        out.writeInt(methods + storedMethods);
        out.writeInt(snapshot.size() + unread.size());
        for (Map.Entry<Input, Made> entry : snapshot.entrySet()) {
            Input input = entry.getKey();
            byte[] made = entry.getValue().classFile();
            byte[] methodBytes = serialized(entry.getValue().methods());
            writeEntry(out, input.name, input.context, input.classFile, 0, input.classFile.length, made, 0,
                    made == null ? -1 : made.length, methodBytes, 0, methodBytes.length,
                    checksum(input.name + '/' + input.context, input.classFile, made, methodBytes));
        }
        for (Stored entry : unread) { // as read: its checksum is checked when a run looks it up
            writeEntry(out, entry.name, entry.context, data, entry.classFile, entry.classFileLength, data,
                    entry.made, entry.madeLength, data, entry.methods, entry.methodsLength, entry.checksum);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeEntry(DataOutputStream out, String name, int context, byte[] classFile, int classFileAt,
                                   int classFileLength, byte[] made, int madeAt, int madeLength, byte[] methods,
                                   int methodsAt, int methodsLength, long checksum) throws IOException {
        writeUtf(out, name);
        out.writeInt(context);
        out.writeInt(classFileLength);
        out.write(classFile, classFileAt, classFileLength);
        out.writeInt(madeLength);
        if (madeLength >= 0) {
            out.write(made, madeAt, madeLength);
        }
        out.writeInt(methodsLength);
        out.write(methods, methodsAt, methodsLength);
        out.writeLong(checksum);
    }

    /** Reads the file's index (names, contexts, where each part lies); the entries themselves when asked for. */
    private synchronized void load() {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (!ownedAndPrivate(file.getParent()) || !ownedAndPrivate(file)) {
                debug.accept("not using " + file + ": others may write to it or to its directory");
                return;
            }
            byte[] read = Files.readAllBytes(file);
            ByteBuffer in = ByteBuffer.wrap(read);
            if (in.getInt() != MAGIC || in.getInt() != VERSION || !identity.equals(readUtf(in))) {
                return; // another build or JDK whose name hashed alike, or an older format: rewritten at the end
            }
            int ids = in.getInt();
            int methods = in.getInt();
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                String name = readUtf(in);
                int context = in.getInt();
                int classFileLength = length(in, false);
                int classFile = skip(in, classFileLength);
                int madeLength = length(in, true);
                int made = skip(in, madeLength);
                int methodsLength = length(in, false);
                int methodsAt = skip(in, methodsLength);
                stored.computeIfAbsent(name, any -> new ArrayList<>(1)).add(new Stored(name, context, classFile,
                        classFileLength, made, madeLength, methodsAt, methodsLength, in.getLong()));
            }
            if (ids < 0 || methods < 0 || ids > 4 * methods + SPARE_IDS) {
                debug.accept("starting " + file + " afresh: its method ids grew sparse");
                stored.clear();
                changed = true;
                return;
            }
            data = read;
            storedIds = ids;
            storedMethods = methods;
        } catch (IOException | RuntimeException e) { // BufferUnderflowException, a negative size: damaged
            debug.accept("not using " + file + ": " + e);
            stored.clear();
        }
    }

    /** A length as the file has it before a part; -1 (a class left as it was) only where {@code absent} may be. */
    private static int length(ByteBuffer in, boolean absent) {
        int length = in.getInt();
        if (length < (absent ? -1 : 0) || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return length;
    }

    /** Skips a part of {@code length} bytes (none for -1); returns where it starts. */
    private static int skip(ByteBuffer in, int length) {
        int at = in.position();
        in.position(at + Math.max(length, 0));
        return at;
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
