package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.flowtrace.Trace;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

class TraceSelectionTest {
    abstract static class Plain implements Supplier<String> {
        Plain() {
        }

        int plain(int x) {
            return x;
        }

        abstract void undone();

        native void elsewhere();

        @Override
        public String get() { // with Supplier<String>, javac adds a bridge get()Object
            return "x";
        }

        Runnable lambda() {
            return () -> plain(1);
        }
    }

    @SuppressWarnings("unused")
    static final class Marked {
        @Trace
        int marked() {
            return 1;
        }

        int unmarked() {
            return 2;
        }
    }

    @Trace
    static final class MarkedClass {
        int one() {
            return 1;
        }
    }

    private static final ClassLoader APP = TraceSelectionTest.class.getClassLoader();
    private static final ProtectionDomain JAR = domain(Path.of("/opt/lib/dependency.jar"));

    private static ProtectionDomain domain(Path location) {
        try {
            return new ProtectionDomain(new CodeSource(location.toUri().toURL(), (Certificate[]) null), null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TreeSet<String> traced(TraceSelection selection, Class<?> type, ClassLoader loader,
                                          ProtectionDomain domain) {
        TypeDescription description = TypeDescription.ForLoadedType.of(type);
        ElementMatcher<MethodDescription> matcher = selection.tracedMethods(description, loader, domain);
        TreeSet<String> names = new TreeSet<>();
        if (matcher != null) {
            description.getDeclaredMethods().filter(matcher::matches)
                    .forEach(method -> names.add(method.getInternalName() + method.getDescriptor()));
        }
        return names;
    }

    private static TraceSelection selection(String includes, String excludes) {
        return new TraceSelection(TracePatterns.parse(includes), TracePatterns.parse(excludes),
                new AppCode(Path.of("/no/java/home"), null));
    }

    @Test
    void methodsWithCodeOfTheirOwnIncludingLambdaBodiesButNoBridgesAbstractOrNative() {
        TreeSet<String> names = traced(selection(Plain.class.getName(), ""), Plain.class, APP, JAR);
        assertEquals(List.of("<init>()V", "get()Ljava/lang/String;", "lambda$lambda$0()V",
                "lambda()Ljava/lang/Runnable;", "plain(I)I"), List.copyOf(names));
    }

    @Test
    void theDefaultTracesDirectoriesNotJars() throws Exception {
        TraceSelection selection = selection("", "");
        Path classes = Path.of(Plain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(classes.toFile().isDirectory(), "tests run from target/test-classes");
        assertEquals(5, traced(selection, Plain.class, APP, domain(classes)).size());
        assertTrue(traced(selection, Plain.class, APP, JAR).isEmpty());
        assertTrue(traced(selection, Plain.class, null, domain(classes)).isEmpty(), "never the bootstrap loader");
    }

    @Test
    void traceMarksCountEverywhereButExcludesWin() {
        assertEquals(List.of("marked()I"), List.copyOf(traced(selection("", ""), Marked.class, APP, JAR)));
        assertEquals(List.of("<init>()V", "one()I"),
                List.copyOf(traced(selection("", ""), MarkedClass.class, APP, JAR)));
        assertTrue(traced(selection("", Marked.class.getName() + "::marked"), Marked.class, APP, JAR).isEmpty());
        assertTrue(traced(selection("", MarkedClass.class.getName()), MarkedClass.class, APP, JAR).isEmpty());
    }

    @Test
    void anIncludeOfOneMethodLeavesTheOthers() {
        assertEquals(List.of("unmarked()I", "marked()I").stream().sorted().toList(),
                List.copyOf(traced(selection(Marked.class.getName() + "::unmarked", ""), Marked.class, APP, JAR)));
    }

    @Test
    void flowTraceItselfTheJdkCoreAndJfrAreOffLimits() {
        JavaModule base = JavaModule.ofType(Object.class);
        assertTrue(TraceSelection.isOffLimits("io.flowtrace.recorder.runtime.Hooks", null));
        assertTrue(TraceSelection.isOffLimits("net.bytebuddy.ByteBuddy", null));
        assertTrue(TraceSelection.isOffLimits("java.util.ArrayList", base));
        assertTrue(TraceSelection.isOffLimits("jdk.internal.misc.Unsafe", base));
        assertTrue(TraceSelection.isOffLimits("jdk.jfr.Recording", JavaModule.ofType(jdk.jfr.Recording.class)));
        assertTrue(TraceSelection.isOffLimits("demo.Main$$Lambda$14", null));
        assertFalse(TraceSelection.isOffLimits("com.sun.tools.javac.main.JavaCompiler", null));
        assertFalse(TraceSelection.isOffLimits("com.acme.Shop", null));
        assertNull(selection("", "").tracedMethods(TypeDescription.ForLoadedType.of(String.class), null, null));
    }

    @Test
    void classesThatCannotBeTracedAreLeftUnparsed() throws Exception {
        TraceSelection selection = selection("", "");
        Path classes = Path.of(Plain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(mayTrace(selection, Marked.class, APP, JAR), "a @Trace method in a jar");
        assertTrue(mayTrace(selection, MarkedClass.class, APP, JAR), "a @Trace class in a jar");
        assertFalse(mayTrace(selection, Plain.class, APP, JAR), "a jar's class without @Trace");
        assertTrue(mayTrace(selection, Plain.class, APP, domain(classes)), "the application's own");
        assertFalse(mayTrace(selection, java.util.ArrayList.class, null, null), "the JDK's");
        assertFalse(mayTrace(selection("", Marked.class.getName()), Marked.class, APP, JAR), "excluded");
        assertTrue(mayTrace(selection(Plain.class.getName(), ""), Plain.class, APP, JAR), "included");
    }

    @Test
    void classesLoadedBeforeTheAgentAreJudgedByNameAndLoader() {
        assertFalse(selection("", "").mayTrace(String.class));
        assertFalse(selection("", "").mayTrace(javax.sql.RowSet.class), "the platform loader's");
        assertTrue(selection("javax.sql.**", "").mayTrace(javax.sql.RowSet.class), "included by name");
        assertTrue(selection("", "").mayTrace(Plain.class), "any class of the application's loaders");
        assertFalse(selection("", Plain.class.getName()).mayTrace(Plain.class), "excluded");
    }

    @Test
    void constantsAreFoundInTheConstantPool() throws Exception {
        byte[] plain = classFile(Plain.class);
        assertTrue(TraceSelection.hasConstant(plain, bytes("plain")));
        assertTrue(TraceSelection.hasConstant(plain, bytes("()Ljava/lang/Runnable;")));
        assertFalse(TraceSelection.hasConstant(plain, bytes("Lio/flowtrace/Trace;")));
        assertTrue(TraceSelection.hasConstant(classFile(Marked.class), bytes("Lio/flowtrace/Trace;")));
        assertTrue(TraceSelection.hasConstant(java.util.Arrays.copyOf(plain, 40), bytes("Lio/flowtrace/Trace;")),
                "a file it cannot read is left to Byte Buddy");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] classFile(Class<?> type) throws java.io.IOException {
        try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** mayTrace on the class file, checked against what tracedMethods makes of the same class. */
    private static boolean mayTrace(TraceSelection selection, Class<?> type, ClassLoader loader,
                                    ProtectionDomain domain) throws Exception {
        boolean may = selection.mayTrace(type.getName(), loader, domain, classFile(type));
        if (!may) {
            assertTrue(traced(selection, type, loader, domain).isEmpty(), "skipped but traced: " + type);
        }
        return may;
    }
}
