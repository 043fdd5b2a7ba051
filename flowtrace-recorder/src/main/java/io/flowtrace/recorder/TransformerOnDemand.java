package io.flowtrace.recorder;

import java.lang.instrument.ClassFileTransformer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Byte Buddy transformer made the first time a class needs it, once: most starts, with every class in the caches,
 * never make it. Other threads that need it meanwhile wait; the thread making it gets none for the classes it loads
 * while at it (Byte Buddy's own and the JDK's, never ones the agent changes).
 */
final class TransformerOnDemand {
    private final String purpose;
    private final Supplier<ClassFileTransformer> maker;
    private final Consumer<String> debug;
    private final BiConsumer<String, Throwable> failed;
    private volatile ClassFileTransformer made;
    /** The thread making it. Guarded by this. */
    private Thread making;
    /** Set when making it failed: not tried again. Guarded by this. */
    private boolean failure;

    /**
     * @param purpose what the instrumentation is for, told with the debug line (e.g. {@code " for tasks"}, or empty)
     * @param debug told when the transformer is made, and for which class
     * @param failed told when it cannot be made, with the reason
     */
    TransformerOnDemand(String purpose, Supplier<ClassFileTransformer> maker, Consumer<String> debug,
                        BiConsumer<String, Throwable> failed) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.maker = Objects.requireNonNull(maker, "maker");
        this.debug = Objects.requireNonNull(debug, "debug");
        this.failed = Objects.requireNonNull(failed, "failed");
    }

    /** Whether it was made already. */
    boolean isMade() {
        return made != null;
    }

    /**
     * The transformer, made now if it was not, for the class {@code forWhat} names; null on the thread making it, and
     * when it cannot be made.
     */
    ClassFileTransformer get(String forWhat) {
        ClassFileTransformer transformer = made;
        if (transformer != null) {
            return transformer;
        }
        synchronized (this) {
            if (made != null || making == Thread.currentThread() || failure) {
                return made;
            }
            making = Thread.currentThread();
            try {
                long started = System.nanoTime();
                made = maker.get();
                debug.accept("Byte Buddy started" + purpose + " in " + (System.nanoTime() - started) / 1_000_000
                        + " ms, for " + forWhat);
            } catch (RuntimeException | LinkageError e) {
                failure = true;
                failed.accept("(all classes)", e);
            } finally {
                making = null;
            }
            return made;
        }
    }
}
