package io.flowtrace.recorder;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. Deliberately tiny: it puts the agent jar on the bootstrap class path (so
 * the hooks are visible from JDK classes and every class loader), starts {@link AgentStarter} from there, and
 * turns any failure into one line on stderr. The traced program always goes on.
 */
public final class FlowTraceAgent {
    private static final String STARTER = "io.flowtrace.recorder.AgentStarter";

    private FlowTraceAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start("start", arguments, instrumentation);
    }

    /** Loaded into a running JVM by {@code flowtrace attach}. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start("attach", arguments, instrumentation);
    }

    private static void start(String method, String arguments, Instrumentation instrumentation) {
        try {
            if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                disabled("JFR is not available in this JVM (no module jdk.jfr)");
                return;
            }
            if (!isOnBootstrapPath()) { // the manifest's Boot-Class-Path did not apply, e.g. a renamed jar
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar()));
            }
            Class.forName(STARTER, true, null)
                    .getMethod(method, String.class, Instrumentation.class)
                    .invoke(null, arguments, instrumentation);
        } catch (InvocationTargetException e) {
            disabled(reason(e.getCause()));
        } catch (Throwable e) {
            disabled(reason(e));
        }
    }

    private static boolean isOnBootstrapPath() {
        try {
            Class.forName(STARTER, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static File agentJar() throws Exception {
        CodeSource source = FlowTraceAgent.class.getProtectionDomain().getCodeSource();
        File jar = source == null || source.getLocation() == null ? null : new File(source.getLocation().toURI());
        if (jar == null || !jar.isFile()) {
            throw new IllegalStateException("cannot find the agent jar (" + jar + ")");
        }
        return jar;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        boolean ours = failure.getClass().getName().startsWith("io.flowtrace.");
        return ours && message != null ? message : failure.toString();
    }

    private static void disabled(String reason) {
        System.err.println("flowtrace: agent disabled: " + reason);
    }
}
