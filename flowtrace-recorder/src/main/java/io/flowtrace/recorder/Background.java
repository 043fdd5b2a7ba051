package io.flowtrace.recorder;

/**
 * A piece of the agent's start run on a daemon thread of its own, beside the main thread's; {@link #join} waits for
 * it and hands on what it threw. Used where the two halves need not wait for each other until the end.
 */
final class Background {
    private final Thread thread;
    private volatile Throwable failure;

    private Background(String name, Runnable work) {
        thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) { // handed to the thread that joins
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} on a daemon thread named {@code name}. */
    static Background start(String name, Runnable work) {
        Background background = new Background(name, work);
        background.thread.start();
        return background;
    }

    /** Waits for the work to end; throws what it threw. */
    void join() throws Exception {
        thread.join();
        Throwable thrown = failure;
        if (thrown instanceof Exception exception) {
            throw exception;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
    }

    /** Waits for the work to end, whatever it threw: the start failed elsewhere already. */
    void joinQuietly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
