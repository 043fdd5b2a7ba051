package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import org.junit.jupiter.api.Test;

/** An agent attached to a running JVM (agentmain) retransforms the classes that were already loaded. */
class LateAttachIT {
    @Test
    void tracesAClassLoadedBeforeTheAgent() throws Exception {
        Jdk jdk = Jdks.requireFeature(17);
        Path classes = Programs.classes(jdk, "attach");
        Run run = TracedJvm.run(jdk, null, "-Djdk.attach.allowAttachSelf=true", "-cp", classes.toString(),
                "demo.LateAttach", TracedJvm.AGENT.toString(), "include=demo.LateAttach::price");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("before: 20\nafter: 40\n", run.out());
        assertEquals("""
                > LateAttach.price(20)
                < LateAttach.price = 40
                """, run.calls().main());
    }
}
