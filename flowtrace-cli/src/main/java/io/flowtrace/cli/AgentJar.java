package io.flowtrace.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds {@code flowtrace-agent.jar}, the recorder that {@code record} injects into the traced JVMs. */
final class AgentJar {
    static final String FILE_NAME = "flowtrace-agent.jar";

    private AgentJar() {
    }

    /**
     * Looks, in order, at {@code --agent}, the system property {@code flowtrace.agent} (set by the launcher),
     * the environment variable {@code FLOWTRACE_AGENT}, the CLI jar's folder and the checkout's build output.
     */
    static Path locate(Path explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            return require(explicit, "--agent");
        }
        String property = System.getProperty("flowtrace.agent");
        if (property != null && !property.isBlank()) {
            return require(Path.of(property), "-Dflowtrace.agent");
        }
        String env = System.getenv("FLOWTRACE_AGENT");
        if (env != null && !env.isBlank()) {
            return require(Path.of(env), "FLOWTRACE_AGENT");
        }
        Path cliJar = cliJar();
        if (cliJar != null) {
            Path dir = cliJar.getParent();
            candidates.add(dir.resolve(FILE_NAME));
            // running from a checkout: flowtrace-cli/target/flowtrace.jar next to flowtrace-recorder/target
            candidates.add(dir.resolve("../../flowtrace-recorder/target/" + FILE_NAME).normalize());
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new UserException(ExitCodes.FAILURE, "cannot find " + FILE_NAME
                + " (build it with 'mvn -DskipTests package', or name it with --agent)");
    }

    private static Path require(Path path, String source) {
        if (!Files.isRegularFile(path)) {
            throw UserException.usage("agent jar not found: " + path + " (from " + source + ")");
        }
        return path.toAbsolutePath().normalize();
    }

    private static Path cliJar() {
        try {
            var source = AgentJar.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            // flowtrace.jar or, in a build, target/classes: either way its parent is the module's target folder
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
