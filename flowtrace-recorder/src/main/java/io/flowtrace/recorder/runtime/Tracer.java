package io.flowtrace.recorder.runtime;

import java.util.Objects;
import java.util.function.Consumer;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.ThreadInfoEvent;
import jdk.jfr.EventType;

/**
 * Turns traced calls into call records in the calling thread's {@link CallBuffer}, which reaches the recording as
 * {@link CallBatchEvent}s. Runs on every traced call: no locks, no allocation for primitive values, and a
 * per-thread guard so that rendering a value never records calls of its own. Primitive arguments and results come
 * in typed; only objects are rendered to text. A failure here stops tracing of that one method; the program goes
 * on.
 */
public final class Tracer {
    private static final EventType BATCH = EventType.getEventType(CallBatchEvent.class);

    private final MethodRegistry registry;
    private final ValueRenderer renderer;
    private final Consumer<String> warnings;
    private final ThreadStates threads = new ThreadStates();
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(
            () -> threads.newState(Thread.currentThread()));

    /** @param warnings told once per method whose tracing had to stop, as one line of text */
    public Tracer(MethodRegistry registry, ValueRenderer renderer, Consumer<String> warnings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    // ---- enter

    /**
     * Records that a method was entered; exactly {@code arguments} argument calls must follow when it returns a
     * state.
     *
     * @param arguments the number of argument values that follow, or -1 when values are not recorded
     * @return the state to hand to the argument and exit hooks, or null when this call is not recorded (and so
     *         gets no exit)
     */
    public Object enter(int method, int arguments) {
        MethodInfo info = registry.find(method);
        if (info == null || info.isDisabled() || !BATCH.isEnabled()) {
            return null;
        }
        ThreadState state = states.get();
        if (state.busy) {
            return null; // called from our own rendering, e.g. a toString() that is itself traced
        }
        try {
            if (!state.described || state.lostExits > 0) {
                catchUp(state);
            }
            state.method = method;
            if (arguments < 0) {
                state.calls.enterWithoutValues(CallClock.now(), method);
            } else {
                state.calls.enter(CallClock.now(), method, arguments);
            }
            return state;
        } catch (StackOverflowError full) {
            // the program's stack is exhausted, not our fault: this call goes unrecorded, no more (the next record
            // drops what was written of this one; no call here, which could overflow again)
            return null;
        } catch (Throwable failure) {
            state.calls.abandonRecord();
            stop(info, failure);
            return null;
        }
    }

    /**
     * An integer argument (byte, short, int, long) of the enter that returned {@code state}. Each argument hook
     * returns the state for the next one, or null when the enter was dropped (it then gets no exit either).
     */
    public static Object argument(Object state, long value) {
        ((ThreadState) state).calls.integer(value);
        return state;
    }

    public static Object argument(Object state, boolean value) {
        ((ThreadState) state).calls.bool(value);
        return state;
    }

    public static Object argument(Object state, float value) {
        ((ThreadState) state).calls.floatValue(value);
        return state;
    }

    public static Object argument(Object state, double value) {
        ((ThreadState) state).calls.doubleValue(value);
        return state;
    }

    /** An argument that is a secret: recorded as {@code "***"}, never rendered. */
    public static Object secret(Object state) {
        ((ThreadState) state).calls.text(ValueRenderer.SECRET);
        return state;
    }

    public Object argument(Object state, char value) {
        ((ThreadState) state).calls.text(renderer.renderChar(value));
        return state;
    }

    /**
     * An object argument, rendered under the busy guard. A failure drops the whole enter (so the call gets no exit)
     * and stops the method's tracing.
     */
    public Object argument(Object state, Object value) {
        ThreadState s = (ThreadState) state;
        s.busy = true;
        try {
            s.calls.text(renderer.render(value));
            return state;
        } catch (StackOverflowError full) {
            return null; // the next record drops what was written of this one
        } catch (Throwable failure) {
            s.calls.abandonRecord();
            stop(registry.get(s.method), failure);
            return null;
        } finally {
            s.busy = false;
        }
    }

    // ---- exit

    /** The end of a call of a void method or a constructor whose enter returned {@code state}. */
    public void exitVoid(int method, Object state, Throwable thrown) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, true);
            } else if (exits(s)) {
                s.calls.returnedVoid(CallClock.now(), method);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, true, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    /** The end of a call returning a byte, short, int or long; {@code result} is ignored when it threw. */
    public void exitInteger(Object state, long result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                s.calls.returned(CallClock.now(), method);
                s.calls.integer(result);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    public void exitBoolean(Object state, boolean result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                s.calls.returned(CallClock.now(), method);
                s.calls.bool(result);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    public void exitFloat(Object state, float result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                s.calls.returned(CallClock.now(), method);
                s.calls.floatValue(result);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    public void exitDouble(Object state, double result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                s.calls.returned(CallClock.now(), method);
                s.calls.doubleValue(result);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    public void exitChar(Object state, char result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                s.calls.returned(CallClock.now(), method);
                s.calls.text(renderer.renderChar(result));
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        }
    }

    /** The end of a call returning an object, rendered under the busy guard. */
    public void exitObject(Object state, Object result, Throwable thrown, int method) {
        ThreadState s = (ThreadState) state;
        boolean wasBusy = s.busy;
        s.busy = true;
        try {
            if (thrown != null) {
                exitThrown(s, method, thrown, false);
            } else if (exits(s)) {
                String text = renderer.render(result); // before the header: a failure leaves no half record
                s.calls.returned(CallClock.now(), method);
                s.calls.text(text);
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, false, thrown); // one call: the stack is short
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        } finally {
            s.busy = wasBusy;
        }
    }

    private void exitThrown(ThreadState s, int method, Throwable thrown, boolean isVoid) {
        boolean wasBusy = s.busy;
        s.busy = true;
        try {
            if (exits(s)) {
                String message = renderer.renderMessage(thrown);
                s.calls.thrown(CallClock.now(), method);
                s.calls.text(thrown.getClass().getName());
                if (message == null) {
                    s.calls.none();
                } else {
                    s.calls.text(message);
                }
            }
        } catch (StackOverflowError full) {
            s.loseExit(method, isVoid, thrown); // its enter was recorded: record the exit once there is room
        } catch (Throwable failure) {
            exitFailed(s, method, failure);
        } finally {
            s.busy = wasBusy;
        }
    }

    /** Whether exits are recorded now; first records what has to come before this exit. */
    private boolean exits(ThreadState state) {
        // a frame still running the code of an earlier attach hands in that session's state: not ours to record
        if (!BATCH.isEnabled() || state.session != threads) {
            return false;
        }
        if (state.lostExits > 0) {
            recordLostExits(state);
        }
        return true;
    }

    private void exitFailed(ThreadState state, int method, Throwable failure) {
        state.calls.abandonRecord();
        stop(registry.get(method), failure);
    }

    // ---- the thread's state

    /** This thread's state, shared with {@link TaskTracer} so that task events take seq from the same records. */
    ThreadState state() {
        return states.get();
    }

    /** Commits what this thread recorded so far, e.g. as it ends. */
    void flush(ThreadState state) {
        state.calls.flush();
    }

    /** Commits what every thread recorded so far; from any thread (a clock tick, a chunk's end). */
    public void flushAll() {
        threads.flushAll();
    }

    /** Commits the thread info event once per thread; the caller holds the busy guard. */
    static void describe(ThreadState state) {
        if (!state.described) {
            state.described = true;
            describeThread();
        }
    }

    ValueRenderer renderer() {
        return renderer;
    }

    /** Calls recorded so far, summed over all threads. */
    public long tracedCalls() {
        return threads.calls();
    }

    /** What the first enter of a thread, or the first after a stack overflow, records before it. */
    private void catchUp(ThreadState state) {
        state.busy = true;
        try {
            describe(state);
            if (state.lostExits > 0) {
                recordLostExits(state);
            }
        } finally {
            state.busy = false;
        }
    }

    /**
     * Records the exits that a StackOverflowError kept from being recorded, in their order, before anything else
     * of the thread; their results are shown as not recorded, their exceptions without message.
     */
    private void recordLostExits(ThreadState state) {
        CallBuffer calls = state.calls;
        long now = CallClock.now();
        while (state.lostExitsRecorded < state.lostExits) {
            int i = state.lostExitsRecorded;
            int method = state.lostExitMethods[i];
            Throwable thrown = state.lostExitThrown[i];
            if (thrown != null) {
                calls.thrown(now, method);
                calls.text(thrown.getClass().getName());
                calls.none();
            } else if (state.lostExitVoid[i] || !renderer.recordsValues()) {
                calls.returnedVoid(now, method);
            } else {
                calls.returned(now, method);
                calls.text(ValueRenderer.ELLIPSIS);
            }
            state.lostExitThrown[i] = null;
            state.lostExitsRecorded++;
        }
        state.lostExits = 0;
        state.lostExitsRecorded = 0;
    }

    private static void describeThread() {
        ThreadInfoEvent event = new ThreadInfoEvent();
        event.virtual = ThreadState.isVirtual(Thread.currentThread());
        event.commit();
    }

    private void stop(MethodInfo info, Throwable failure) {
        if (info.disable()) {
            try {
                warnings.accept("tracing of " + info + " stopped: " + failure.getClass().getName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            } catch (Throwable ignored) {
                // reporting is best effort; the program must go on
            }
        }
    }
}
