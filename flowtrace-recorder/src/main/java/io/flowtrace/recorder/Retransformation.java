package io.flowtrace.recorder;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Retransformation of loaded classes that fails class by class, not all together: the JVM rejects a whole batch
 * for one class it cannot take, so a failing batch is split until the culprit stands alone, and only it is told
 * about. Used to instrument the classes loaded before the agent and, on a detach, to put them back.
 */
final class Retransformation {
    private Retransformation() {
    }

    /**
     * Retransforms {@code classes} through the transformers registered now; each class that fails on its own goes to
     * {@code failed}.
     */
    static void retransform(Instrumentation instrumentation, List<Class<?>> classes,
                            BiConsumer<String, Throwable> failed) {
        if (classes.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError | InternalError e) {
            // InternalError: "class redefinition failed: invalid class", for one class of the batch
            if (classes.size() == 1) {
                failed.accept(classes.get(0).getName(), e);
                return;
            }
            int half = classes.size() / 2;
            retransform(instrumentation, classes.subList(0, half), failed);
            retransform(instrumentation, classes.subList(half, classes.size()), failed);
        }
    }
}
