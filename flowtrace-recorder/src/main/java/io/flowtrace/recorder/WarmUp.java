package io.flowtrace.recorder;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's first transformation in a JVM loads about a thousand of its classes and runs them interpreted. Done
 * once on a class of the agent's own, the result thrown away, on a thread of its own while JFR starts, that cost is
 * off the start-up's critical path. It instruments nothing, registers no transformer and records nothing.
 */
final class WarmUp {
    private final Thread thread = new Thread(this::runQuietly, "flowtrace-warm-up");
    private volatile Throwable failure;

    private WarmUp() {
    }

    /** Starts the warm-up on a daemon thread. */
    static WarmUp start() {
        WarmUp warmUp = new WarmUp();
        warmUp.thread.setDaemon(true);
        warmUp.thread.start();
        return warmUp;
    }

    /** Waits for the warm-up to end (the program starts with no thread of ours running it); null or its failure. */
    Throwable join() throws InterruptedException {
        thread.join();
        return failure;
    }

    private void runQuietly() {
        try {
            run();
        } catch (Throwable e) { // only lost time: the real transformations report their own failures
            failure = e;
        }
    }

    static void run() {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.ForClassLoader.ofBootLoader(), ClassFileLocator.ForClassLoader.ofSystemLoader());
        TypePool pool = new TypePool.Default(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.EXTENDED);
        new ByteBuddy()
                .redefine(pool.describe(Sample.class.getName()).resolve(), locator)
                .visit(Advice.to(pool.describe(SampleAdvice.class.getName()).resolve(), locator).on(isMethod()))
                .make();
    }

    /** What the warm-up instruments: a constructor, a method with a value and a void one. */
    @SuppressWarnings("unused")
    static final class Sample {
        private int total;

        Sample(int start) {
            total = start;
        }

        int add(int value) {
            total += value;
            return total;
        }

        void reset() {
            total = 0;
        }
    }

    /** Advice of the shape FlowTrace's has: enter, and exit also on exceptions, with the enter's value. */
    static final class SampleAdvice {
        @Advice.OnMethodEnter
        static int enter(@Advice.Origin("#m") String name, @Advice.AllArguments Object[] arguments) {
            return name.length() + arguments.length;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter int entered, @Advice.Thrown Throwable thrown) {
            if (thrown != null && entered < 0) {
                throw new IllegalStateException();
            }
        }
    }
}
