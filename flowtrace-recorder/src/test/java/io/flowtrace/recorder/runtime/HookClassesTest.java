package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import io.flowtrace.events.records.CallRecords;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class HookClassesTest {
    /**
     * Methods of the hook packages that link a lambda or method reference where they run: at the agent's start, an
     * attach or a detach, never from a hook, so never at the end of a deep stack.
     */
    private static final Set<String> LINKED_OFF_THE_HOOKS = Set.of(
            "io.flowtrace.recorder.runtime.CallClock.start",
            "io.flowtrace.recorder.runtime.Tracer.<init>",
            "io.flowtrace.recorder.runtime.Tracer.methodsByName",
            "io.flowtrace.recorder.runtime.Tracer.stackBelowEnter",
            "io.flowtrace.recorder.runtime.Tracer.openFramesOfQuietThreads");

    @Test
    void listsEveryClassOfTheHookPackages() throws Exception {
        Set<String> compiled = new TreeSet<>();
        compiled.addAll(classesIn(Tracer.class, "io/flowtrace/recorder/runtime/"));
        compiled.addAll(classesIn(CallRecords.class, "io/flowtrace/events/records/"));
        assertEquals(compiled, new TreeSet<>(HookClasses.NAMES),
                "HookClasses.NAMES must name every class of the hook packages, as compiled");
    }

    @Test
    void loadsThemAll() throws Exception {
        HookClasses.load();
    }

    @Test
    void noHookLinksALambdaWhereItRuns() throws IOException {
        List<String> linkedOnUse = new ArrayList<>();
        for (String name : HookClasses.NAMES) {
            try (InputStream in = HookClasses.class.getClassLoader()
                    .getResourceAsStream(name.replace('.', '/') + ".class")) {
                new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                                     String[] exceptions) {
                        String where = name + "." + method;
                        // a lambda's body is checked as part of the method it is written in
                        String enclosing = method.startsWith("lambda$")
                                ? name + "." + method.substring("lambda$".length(), method.lastIndexOf('$')) : where;
                        return method.equals("<clinit>") || LINKED_OFF_THE_HOOKS.contains(enclosing) ? null
                                : new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor,
                                                                       Handle bootstrap, Object... arguments) {
                                        // a record's equals, hashCode and toString: the hooks never hash nor print one
                                        if (!bootstrap.getOwner().equals("java/lang/runtime/ObjectMethods")) {
                                            linkedOnUse.add(where + " (" + bootstrap.getOwner() + ")");
                                        }
                                    }
                                };
                    }
                }, ClassReader.SKIP_DEBUG);
            }
        }
        assertEquals(List.of(), linkedOnUse, "invokedynamic linked on first use, which may be at the end of a stack:"
                + " make it a static final field (linked when HookClasses loads the class)");
    }

    /** Binary names of the classes in {@code type}'s directory or jar under {@code folder}, package-info aside. */
    private static Set<String> classesIn(Class<?> type, String folder) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(folder))) {
                files.forEach(file -> entries.add(folder + file.getFileName()));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().forEach(entry -> entries.add(entry.getName()));
            }
        }
        Set<String> names = new TreeSet<>();
        for (String entry : entries) {
            String simple = entry.substring(entry.lastIndexOf('/') + 1);
            if (entry.startsWith(folder) && entry.indexOf('/', folder.length()) < 0 && simple.endsWith(".class")
                    && !simple.equals("package-info.class")) {
                names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
            }
        }
        return names;
    }
}
