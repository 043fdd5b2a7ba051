package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;
import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy.DiscoveryStrategy;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Retransformation of loaded classes that fails class by class, not all together: the JVM rejects a whole batch
 * for one class it cannot take, so a failing batch is split until the culprit stands alone, and only it is told
 * about. Used to instrument the classes loaded before the agent and, on a detach, to put them back.
 */
final class Retransformation {
    private Retransformation() {
    }

    /** A listener for an agent builder: splits failing batches; each class that still fails goes to {@code failed}. */
    static RedefinitionStrategy.Listener splitting(BiConsumer<String, Throwable> failed) {
        return new RedefinitionStrategy.Listener.Compound(RedefinitionStrategy.Listener.BatchReallocator.splitting(),
                new Failures(failed));
    }

    /**
     * Removes a transformer and retransforms the classes it changed back to what they were (what other agents
     * make of them included).
     *
     * @param discovery the loaded classes to consider: those the transformer was installed with is enough
     * @return the names of the classes that could not be put back, with the reason
     */
    static List<String> reset(ResettableClassFileTransformer transformer, Instrumentation instrumentation,
                              DiscoveryStrategy discovery) {
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        transformer.reset(instrumentation, RedefinitionStrategy.RETRANSFORMATION, discovery,
                splitting((type, reason) -> failed.add(type + " (" + reason + ")")));
        return List.copyOf(failed);
    }

    /** Tells about the batches of one class that failed for good; larger ones were split and retried. */
    private static final class Failures extends RedefinitionStrategy.Listener.Adapter {
        private final BiConsumer<String, Throwable> failed;

        Failures(BiConsumer<String, Throwable> failed) {
            this.failed = failed;
        }

        @Override
        public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
            failures.forEach((batch, reason) -> {
                if (batch.size() == 1) {
                    failed.accept(batch.get(0).getName(), reason);
                }
            });
        }
    }
}
