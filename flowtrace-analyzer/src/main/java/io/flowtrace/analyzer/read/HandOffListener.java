package io.flowtrace.analyzer.read;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.StackFrame;

/**
 * Passes the calls it receives on to another listener on a thread of its own, in the same order, so that reading
 * a recording (decoding records, ordering them) and building from it run on two cores. Calls are written into
 * blocks of a fixed size, and a full block is handed over while the next one fills: memory stays a few blocks,
 * whatever the recording's size.
 *
 * <p>Used from one thread. {@link #close()} waits until the target has taken every call; what the target threw
 * is thrown by the next call made here after it, or by {@code close}. A listener thread stopped by
 * {@link #abandon()} takes no more calls.
 */
public final class HandOffListener implements CallListener, AutoCloseable {
    /** Calls per block. */
    private static final int BLOCK_SIZE = 1 << 16;
    /** Blocks in use at most: one filling, the others handed over or being taken. */
    private static final int BLOCKS = 4;

    private static final byte ENTER = 0;
    private static final byte EXIT = 1;
    private static final byte ENTER_LOST = 2;
    private static final byte BEGIN = 3;
    private static final byte RESUME = 4;
    private static final byte END = 5;
    /** Anything else (task events and checkpoints, which are rare): a {@code Consumer<CallListener>}. */
    private static final byte OTHER = 6;

    private final CallListener target;
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread taker;
    private volatile Throwable failure;
    private Block block;
    private boolean closed;

    /** Starts the thread that passes calls on to {@code target}. */
    public HandOffListener(CallListener target) {
        this.target = target;
        for (int i = 1; i < BLOCKS; i++) {
            free.add(new Block());
        }
        block = new Block();
        taker = new Thread(this::takeBlocks, "flowtrace-builder");
        taker.setDaemon(true); // never keeps the JVM alive, whatever becomes of the reading
        taker.start();
    }

    @Override
    public void beginThread(long javaThreadId, String name, boolean virtual) {
        int i = slot(BEGIN);
        block.number[i] = javaThreadId;
        block.method[i] = virtual ? 1 : 0;
        block.value[i] = name;
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        int i = slot(ENTER);
        block.method[i] = methodId;
        block.number[i] = startNanos;
        block.value[i] = arguments;
    }

    @Override
    public void enterLost(int methodId) {
        int i = slot(ENTER_LOST); // before reading the field: slot() may start a new block
        block.method[i] = methodId;
    }

    @Override
    public void exit(int methodId, long endNanos, String result, ExceptionInfo exception) {
        int i = slot(EXIT);
        block.method[i] = methodId;
        block.number[i] = endNanos;
        block.value[i] = exception != null ? exception : result;
    }

    @Override
    public void endThread() {
        slot(END);
    }

    @Override
    public void resumeThread(long javaThreadId) {
        int i = slot(RESUME);
        block.number[i] = javaThreadId;
    }

    @Override
    public void taskFork(long task, long parentTask, String kind, String executor, String taskObject, long nanos,
            List<StackFrame> stack) {
        other(l -> l.taskFork(task, parentTask, kind, executor, taskObject, nanos, stack));
    }

    @Override
    public void taskSources(long task, long source, long otherSource) {
        other(l -> l.taskSources(task, source, otherSource));
    }

    @Override
    public void taskStart(long task, long nanos) {
        other(l -> l.taskStart(task, nanos));
    }

    @Override
    public void taskEnd(long task, long nanos, String outcome, String result, ExceptionInfo exception) {
        other(l -> l.taskEnd(task, nanos, outcome, result, exception));
    }

    @Override
    public void taskJoin(long task, String kind, boolean completed, long startNanos, long waitNanos,
            List<StackFrame> stack) {
        other(l -> l.taskJoin(task, kind, completed, startNanos, waitNanos, stack));
    }

    @Override
    public void checkpoint(String label, String kind, long task, long nanos) {
        other(l -> l.checkpoint(label, kind, task, nanos));
    }

    /**
     * Hands over the last calls and waits until the target has taken them all.
     *
     * @throws CancellationException when the waiting thread is interrupted (the target thread is abandoned)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        block.last = true;
        handOver();
        try {
            taker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new CancellationException("reading was interrupted");
        }
        rethrowFailure();
    }

    /** Stops the target thread without waiting for the calls not taken yet; for a reading given up. */
    public void abandon() {
        closed = true;
        taker.interrupt();
    }

    private void other(Consumer<CallListener> call) {
        int i = slot(OTHER);
        block.value[i] = call;
    }

    /** The index of a new call of kind {@code op} in the current block, handing the block over when full. */
    private int slot(byte op) {
        if (block.size == BLOCK_SIZE) {
            handOver();
        }
        int i = block.size++;
        block.op[i] = op;
        return i;
    }

    private void handOver() {
        rethrowFailure();
        try {
            full.put(block);
            block = closed ? null : free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new CancellationException("reading was interrupted");
        }
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** The target's thread: passes on the calls of every block handed over, until the last. */
    private void takeBlocks() {
        try {
            while (true) {
                Block b = full.take();
                if (failure == null) {
                    try {
                        passOn(b);
                    } catch (Throwable t) { // handed to the reading thread, which reports it
                        failure = t;
                    }
                }
                if (b.last) {
                    return;
                }
                b.clear();
                free.put(b);
            }
        } catch (InterruptedException e) {
            // abandoned
        }
    }

    @SuppressWarnings("unchecked")
    private void passOn(Block b) {
        for (int i = 0; i < b.size; i++) {
            switch (b.op[i]) {
                case ENTER -> target.enter(b.method[i], b.number[i], (String) b.value[i]);
                case EXIT -> {
                    Object v = b.value[i];
                    if (v instanceof ExceptionInfo exception) {
                        target.exit(b.method[i], b.number[i], null, exception);
                    } else {
                        target.exit(b.method[i], b.number[i], (String) v, null);
                    }
                }
                case ENTER_LOST -> target.enterLost(b.method[i]);
                case BEGIN -> target.beginThread(b.number[i], (String) b.value[i], b.method[i] == 1);
                case RESUME -> target.resumeThread(b.number[i]);
                case END -> target.endThread();
                default -> ((Consumer<CallListener>) b.value[i]).accept(target);
            }
        }
    }

    /** Calls in columns: what each one is, and its arguments. */
    private static final class Block {
        final byte[] op = new byte[BLOCK_SIZE];
        final int[] method = new int[BLOCK_SIZE];
        /** A time, or a thread id. */
        final long[] number = new long[BLOCK_SIZE];
        /** Arguments, a result or an exception, a thread name, or the call of an {@link #OTHER}. */
        final Object[] value = new Object[BLOCK_SIZE];
        int size;
        boolean last;

        void clear() {
            Arrays.fill(value, 0, size, null);
            size = 0;
        }
    }
}
