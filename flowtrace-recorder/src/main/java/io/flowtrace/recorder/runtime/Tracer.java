package io.flowtrace.recorder.runtime;

import java.util.Objects;
import java.util.function.Consumer;

import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.ThreadInfoEvent;
import jdk.jfr.EventType;

/**
 * Turns traced calls into {@link MethodEnterEvent}s and {@link MethodExitEvent}s. Runs on every traced call:
 * no locks, no allocation beyond the events and rendered values, and a per-thread guard so that rendering a
 * value never records calls of its own. A failure here stops tracing of that one method; the program goes on.
 */
public final class Tracer {
    private static final EventType ENTER = EventType.getEventType(MethodEnterEvent.class);
    private static final EventType EXIT = EventType.getEventType(MethodExitEvent.class);

    private final MethodRegistry registry;
    private final ValueRenderer renderer;
    private final Consumer<String> warnings;
    private final CallCounter counter = new CallCounter();
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(
            () -> counter.newState(Thread.currentThread()));

    /** @param warnings told once per method whose tracing had to stop, as one line of text */
    public Tracer(MethodRegistry registry, ValueRenderer renderer, Consumer<String> warnings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * Records that a method was entered.
     *
     * @param arguments the arguments, or null when values are not recorded
     * @return the state to hand to the exit hook, or null when this call is not recorded (and so gets no exit)
     */
    public Object enter(int method, Object[] arguments) {
        MethodInfo info = registry.get(method);
        if (info.isDisabled() || !ENTER.isEnabled()) {
            return null;
        }
        ThreadState state = states.get();
        if (state.busy) {
            return null; // called from our own rendering, e.g. a toString() that is itself traced
        }
        state.busy = true;
        try {
            describe(state);
            if (state.lostExits > 0) {
                recordLostExits(state);
            }
            MethodEnterEvent event = new MethodEnterEvent();
            event.method = method;
            event.arguments = arguments == null ? null : renderer.renderArguments(arguments, info.secret());
            event.seq = state.seq;
            event.commit();
            state.seq++; // only once committed: a failed commit leaves no gap in the sequence
            state.calls++;
            return state;
        } catch (StackOverflowError full) {
            return null; // the program's stack is exhausted, not our fault: this call goes unrecorded, no more
        } catch (Throwable failure) {
            stop(info, failure);
            return null;
        } finally {
            state.busy = false;
        }
    }

    /** Records the end of a call whose enter returned {@code state}; result is ignored when it threw. */
    public void exit(int method, Object state, Object result, Throwable thrown) {
        record(method, (ThreadState) state, result, false, thrown);
    }

    /** Records the end of a call of a void method or a constructor. */
    public void exitVoid(int method, Object state, Throwable thrown) {
        record(method, (ThreadState) state, null, true, thrown);
    }

    /** This thread's state, shared with {@link TaskTracer} so that task events take seq from the same counter. */
    ThreadState state() {
        return states.get();
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
        return counter.total();
    }

    private void record(int method, ThreadState state, Object result, boolean isVoid, Throwable thrown) {
        if (!EXIT.isEnabled()) {
            return;
        }
        boolean wasBusy = state.busy;
        state.busy = true;
        try {
            if (state.lostExits > 0) {
                recordLostExits(state);
            }
            MethodExitEvent event = new MethodExitEvent();
            event.method = method;
            if (thrown != null) {
                event.thrown = true;
                event.exception = thrown.getClass().getName();
                event.message = renderer.renderMessage(thrown);
            } else if (!isVoid && renderer.recordsValues()) {
                event.result = renderer.render(result);
            }
            event.seq = state.seq;
            event.commit();
            state.seq++;
        } catch (StackOverflowError full) {
            state.loseExit(method, isVoid, thrown); // its enter was recorded: record the exit once there is room
        } catch (Throwable failure) {
            stop(registry.get(method), failure);
        } finally {
            state.busy = wasBusy;
        }
    }

    /**
     * Records the exits that a StackOverflowError kept from being recorded, in their order, before anything else
     * of the thread; their results are shown as not recorded, their exceptions without message.
     */
    private void recordLostExits(ThreadState state) {
        while (state.lostExitsRecorded < state.lostExits) {
            int i = state.lostExitsRecorded;
            MethodExitEvent event = new MethodExitEvent();
            event.method = state.lostExitMethods[i];
            Throwable thrown = state.lostExitThrown[i];
            if (thrown != null) {
                event.thrown = true;
                event.exception = thrown.getClass().getName();
            } else if (!state.lostExitVoid[i] && renderer.recordsValues()) {
                event.result = ValueRenderer.ELLIPSIS;
            }
            event.seq = state.seq;
            event.commit();
            state.seq++;
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
