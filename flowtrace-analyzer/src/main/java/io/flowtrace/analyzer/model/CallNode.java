package io.flowtrace.analyzer.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * One call of a traced method on one thread, with the calls it made.
 *
 * <p>Nodes are built by the analyzer and read-only for users: {@link #children()} is an unmodifiable view.
 */
public final class CallNode {
    /** The method called. */
    private final MethodInfo method;
    /** Rendered argument values, or {@code null} when values were not recorded or the enter was lost. */
    private final List<String> arguments;
    /** The call that made this one, or {@code null} for a root of its thread. */
    private final CallNode parent;
    /** Calls made by this call, in order. */
    private final List<CallNode> children;
    private final List<CallNode> childrenView;
    /** When the call started, in nanoseconds since the epoch; -1 when the enter was lost. */
    private final long startNanos;
    /** True when the recording has the exit of this call but not its enter. */
    private final boolean enterLost;
    /** When the call ended, in nanoseconds since the epoch; -1 while running or unknown. */
    private long endNanos = -1;
    /** How the call ended. */
    private Outcome outcome = Outcome.RUNNING;
    /** Rendered return value; {@code null} for void, for throws and when values were not recorded. */
    private String result;
    /** The exception that escaped the call, or {@code null}. */
    private ExceptionInfo exception;

    /**
     * Creates a node; the analyzer's tree builder calls this, users normally only read nodes.
     *
     * @param arguments {@code null} when not recorded
     */
    public CallNode(MethodInfo method, List<String> arguments, CallNode parent, long startNanos, boolean enterLost) {
        this.method = method;
        this.arguments = arguments == null ? null : List.copyOf(arguments);
        this.parent = parent;
        this.startNanos = startNanos;
        this.enterLost = enterLost;
        this.children = new java.util.ArrayList<>(0);
        this.childrenView = Collections.unmodifiableList(children);
    }

    /** Records how the call ended; called once by the tree builder. */
    public void finish(Outcome outcome, long endNanos, String result, ExceptionInfo exception) {
        this.outcome = outcome;
        this.endNanos = endNanos;
        this.result = result;
        this.exception = exception;
    }

    /** Appends a call made by this one; used by the tree builder. */
    public void addChild(CallNode child) {
        children.add(child);
    }

    public MethodInfo method() {
        return method;
    }

    /** Rendered argument values, or {@code null} when values were not recorded or the enter was lost. */
    public List<String> arguments() {
        return arguments;
    }

    public CallNode parent() {
        return parent;
    }

    public List<CallNode> children() {
        return childrenView;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Rendered return value; {@code null} for void methods, throws, running calls and unrecorded values. */
    public String result() {
        return result;
    }

    /** The exception that escaped this call, or {@code null} if none did. */
    public ExceptionInfo exception() {
        return exception;
    }

    /**
     * Where the exception that escaped this call was caught: the nearest enclosing call that did not throw the
     * same exception, or {@code null} when it escaped every traced call of the thread (or none escaped this one).
     */
    public CallNode caughtIn() {
        if (exception == null) {
            return null;
        }
        for (CallNode p = parent; p != null; p = p.parent) {
            if (!exception.equals(p.exception)) {
                return p;
            }
        }
        return null;
    }

    /** True when the recording has this call's exit but lost its enter (arguments and start are unknown). */
    public boolean enterLost() {
        return enterLost;
    }

    /** When the call started; {@code null} when its enter was lost. */
    public Instant start() {
        return startNanos < 0 ? null : Instant.ofEpochSecond(0, startNanos);
    }

    /** Nanoseconds since the epoch when the call started, or -1 when unknown. */
    public long startNanos() {
        return startNanos;
    }

    /** Nanoseconds since the epoch when the call ended, or -1 while running or unknown. */
    public long endNanos() {
        return endNanos;
    }

    /** How long the call took; {@code null} while running or when start or end is unknown. */
    public Duration duration() {
        return startNanos < 0 || endNanos < 0 ? null : Duration.ofNanos(endNanos - startNanos);
    }

    /** Nesting depth: 0 for a root of its thread. */
    public int depth() {
        int d = 0;
        for (CallNode p = parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    @Override
    public String toString() {
        return method.displayName() + "(" + (arguments == null ? "?" : String.join(", ", arguments)) + ")";
    }
}
