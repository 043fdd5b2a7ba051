package io.flowtrace.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * A running JVM that {@code attach} loads the agent into, through the JDK's Attach API. Each reason a JVM cannot be
 * attached to is found before the attach where it can be, and said in one line: the Attach API's own signal would
 * make a process that is not a JVM dump core, or one with attach disabled print a thread dump.
 */
final class TargetJvm implements AutoCloseable {
    /** The oldest Java the agent runs on. */
    static final int MINIMUM_FEATURE = 17;
    private static final Path PROC = Path.of("/proc");

    private final long pid;
    private final VirtualMachine vm;
    private final int feature;

    private TargetJvm(long pid, VirtualMachine vm, int feature) {
        this.pid = pid;
        this.vm = vm;
        this.feature = feature;
    }

    /** Attaches to the JVM {@code pid} of this user, Java 17 or newer; a usage error says why it cannot. */
    static TargetJvm attach(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw UserException.usage("cannot attach to itself");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            throw UserException.usage("no such process: " + pid);
        }
        String owner = process.get().info().user().orElse(null);
        String me = System.getProperty("user.name");
        if (owner != null && me != null && !owner.equals(me)) {
            throw UserException.usage("pid " + pid + " belongs to user " + owner + ": the Attach API works only as "
                    + "the JVM's own user (try: sudo -u " + owner + " flowtrace attach " + pid + ")");
        }
        if (Files.isDirectory(PROC)) {
            Path dir = PROC.resolve(Long.toString(pid));
            String maps = read(dir.resolve("maps"));
            if (maps == null) {
                throw UserException.usage("cannot attach to pid " + pid + " (" + name(process.get()) + "): this user "
                        + "may not inspect it");
            }
            if (!maps.contains("/libjvm.so")) {
                throw UserException.usage("pid " + pid + " is not a JVM (" + name(process.get()) + ")");
            }
            if (!catchesQuit(read(dir.resolve("status")))) { // the Attach API's SIGQUIT would end it
                throw UserException.usage("pid " + pid + " does not allow attaching: it does not handle SIGQUIT "
                        + "(started with -Xrs?)");
            }
            if (attachDisabled(pid)) {
                throw UserException.usage("pid " + pid + " does not allow attaching: it was started with "
                        + "-XX:+DisableAttachMechanism");
            }
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot attach to pid " + pid + ": " + e.getMessage()
                    + " (is it a JVM of this user, started without -XX:+DisableAttachMechanism?)", e);
        }
        try {
            Properties properties = vm.getSystemProperties();
            String version = properties.getProperty("java.specification.version", "");
            int feature = feature(version);
            if (feature < MINIMUM_FEATURE) {
                throw UserException.usage("pid " + pid + " runs Java " + version + ": flowtrace attach needs Java "
                        + MINIMUM_FEATURE + " or newer");
            }
            return new TargetJvm(pid, vm, feature);
        } catch (IOException | RuntimeException e) {
            detachQuietly(vm);
            if (e instanceof UserException user) {
                throw user;
            }
            throw new UserException(ExitCodes.FAILURE, "cannot read the properties of pid " + pid + ": " + e, e);
        }
    }

    long pid() {
        return pid;
    }

    /** The JVM's Java feature release, e.g. 17 or 25. */
    int feature() {
        return feature;
    }

    /** Runs the agent's agentmain in the JVM with {@code options}; returns once it has returned. */
    void loadAgent(Path agentJar, String options) {
        try {
            vm.loadAgent(agentJar.toString(), options);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot load the agent into pid " + pid + ": " + e, e);
        }
    }

    @Override
    public void close() {
        detachQuietly(vm);
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the connection is gone already; nothing is left to undo
        }
    }

    /** 17 from "17", 8 from "1.8". */
    static int feature(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2)
                : specificationVersion;
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the command line or the environment's Java options switch the attach mechanism off. */
    private static boolean attachDisabled(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        String flag = "-XX:+DisableAttachMechanism";
        String cmdline = read(dir.resolve("cmdline"));
        if (cmdline != null && cmdline.contains(flag)) {
            return true;
        }
        String environment = read(dir.resolve("environ"));
        if (environment != null) {
            for (String variable : environment.split("\0")) {
                if ((variable.startsWith("JAVA_TOOL_OPTIONS=") || variable.startsWith("_JAVA_OPTIONS="))
                        && variable.contains(flag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a process's {@code /proc/PID/status} says it catches SIGQUIT (signal 3), as a JVM does. */
    static boolean catchesQuit(String status) {
        if (status == null) {
            return false;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("SigCgt:")) {
                try {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1L << 2) != 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String name(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString()).orElse("?");
    }
}
