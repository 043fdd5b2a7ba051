package io.flowtrace.recorder.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.CheckpointEvent;
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
    /** Where the stack walks for calls from before an attach stop: the hooks' own frames are above. */
    private static final String OURS = "io.flowtrace.recorder.";
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** The label of the checkpoint that marks, in a thread's calls, where an attach came in. */
    public static final String BEFORE_ATTACH = "flowtrace attached here; the calls above ran since before";
    /** The session's task tracer, which tells tasks found running at an attach; null without task tracking. */
    TaskTracer tasks;
    /** Enters recorded for calls that were running at an attach. */
    private final AtomicLong openedBeforeAttach = new AtomicLong();
    /** When {@link #sinceAttach} was called; 0 for a session that started with the JVM. */
    private volatile long attachedAt;
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(
            () -> threads.newState(Thread.currentThread()));
    /** Misses of {@link #last} after which a thread takes its place again: two busy threads do not fight over it. */
    private static final int MISSES_PER_CLAIM = 256;
    /**
     * The state of a thread that made traced calls lately, read before the ThreadLocal: a run of calls on one thread
     * finds its state in two loads where the ThreadLocal's map takes five. Racy by design; a state found here is
     * used only by its own thread.
     */
    private ThreadState last;

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
        if (!registry.isTraced(method) || !BATCH.isEnabled()) {
            return null;
        }
        ThreadState state = state();
        if (state.busy) {
            return null; // called from our own rendering, e.g. a toString() that is itself traced
        }
        try {
            if (!state.described || state.lostExits > 0) {
                catchUp(state);
            }
            if (state.beforeAttachOpen > 0 && state.depth <= 0) {
                closeReturnedBeforeAttach(state);
            }
            state.method = method;
            if (arguments < 0) {
                state.calls.enterWithoutValues(CallClock.now(), method);
            } else {
                state.calls.enter(CallClock.now(), method, arguments);
            }
            state.depth++;
            return state;
        } catch (StackOverflowError full) {
            // the program's stack is exhausted, not our fault: this call goes unrecorded, no more (the next record
            // drops what was written of this one; no call here, which could overflow again)
            return null;
        } catch (Throwable failure) {
            state.calls.abandonRecord();
            stop(registry.get(method), failure);
            return null;
        }
    }

    /**
     * A primitive or secret argument that an enter hook took along as a long, of {@code kind} (the low
     * {@link Hooks#KIND_BITS} bits; see {@link Hooks#INTEGER}); null when {@code state} is.
     */
    Object typed(Object state, int kind, long bits) {
        if (state == null) {
            return null;
        }
        switch (kind & (1 << Hooks.KIND_BITS) - 1) {
            case Hooks.INTEGER -> ((ThreadState) state).calls.integer(bits);
            case Hooks.BOOLEAN -> ((ThreadState) state).calls.bool(bits != 0);
            case Hooks.CHAR -> ((ThreadState) state).calls.text(renderer.renderChar((char) bits));
            case Hooks.FLOAT -> ((ThreadState) state).calls.floatBits((int) bits);
            case Hooks.DOUBLE -> ((ThreadState) state).calls.doubleBits(bits);
            default -> ((ThreadState) state).calls.text(ValueRenderer.SECRET);
        }
        return state;
    }

    /** An object argument that an enter hook took along; null when {@code state} is or the enter is dropped. */
    Object object(Object state, Object value) {
        return state == null ? null : argument(state, value);
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
            renderer.write(s.calls, value);
            return state;
        } catch (StackOverflowError full) {
            s.depth--;
            return null; // the next record drops what was written of this one
        } catch (Throwable failure) {
            s.depth--;
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
                s.calls.returned(CallClock.now(), method);
                renderer.write(s.calls, result); // a failure drops the half record (exitFailed)
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
                // the object's identity, not only its class and message, tells a rethrow from an equal new exception
                s.calls.thrown(CallClock.now(), method, System.identityHashCode(thrown));
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
        state.depth--;
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
        ThreadState state = last;
        if (state != null && state.owner.refersTo(Thread.currentThread())) {
            return state;
        }
        state = states.get();
        if (state.missesOfLast++ % MISSES_PER_CLAIM == 0) {
            last = state;
        }
        return state;
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

    /**
     * Chars of call records committed so far in this JVM, all sessions together: about the bytes they take in the
     * recording, known before JFR writes them to disk.
     */
    public static long committedChars() {
        return CallBuffer.committedChars();
    }

    /** Calls recorded so far, summed over all threads; not those that were running at an attach. */
    public long tracedCalls() {
        return threads.calls() - openedBeforeAttach.get();
    }

    /** What the first enter of a thread, or the first after a stack overflow, records before it. */
    private void catchUp(ThreadState state) {
        state.busy = true;
        try {
            if (!state.described && attachedAt != 0) {
                openBeforeAttach(state);
            }
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
                calls.thrown(now, method, System.identityHashCode(thrown));
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

    // ---- calls that were running when flowtrace attach came

    /**
     * Makes this an attached session: from now on, a thread's first traced call is preceded by the traced methods
     * that were on its stack already, as open calls, so that what it calls later nests under them.
     */
    public void sinceAttach() {
        attachedAt = CallClock.now();
    }

    /**
     * The traced frames on this thread's stack below the call being entered, outermost first, as open calls; before
     * them, the start of the task they run in, if any.
     */
    private void openBeforeAttach(ThreadState state) {
        List<StackWalker.StackFrame> stack = stackBelowEnter();
        String[] types = new String[stack.size()];
        String[] methods = new String[stack.size()];
        String[] descriptors = new String[stack.size()];
        for (int i = 0; i < types.length; i++) { // outermost first
            StackWalker.StackFrame frame = stack.get(stack.size() - 1 - i);
            types[i] = frame.getClassName();
            methods[i] = frame.getMethodName();
            descriptors[i] = frame.getDescriptor();
        }
        int[] frames = openFrames(state, Thread.currentThread(), types, methods, descriptors, null);
        if (frames.length == 0) {
            return;
        }
        state.beforeAttach = frames;
        state.beforeAttachOpen = frames.length;
        CheckpointEvent event = new CheckpointEvent(); // says in the tree where the attach came in
        event.label = BEFORE_ATTACH;
        event.kind = CheckpointEvent.POINT;
        event.seq = state.takeSeq();
        event.commit();
    }

    /**
     * With no recorded call open on this thread, the stack holds nothing of ours above the frames from before the
     * attach: those no longer on it returned (unseen, in the code from before) and are closed here, innermost first,
     * with their results not recorded.
     */
    private void closeReturnedBeforeAttach(ThreadState state) {
        state.busy = true;
        try {
            int[] frames = tracedFramesBelowEnter();
            int still = 0;
            for (int method : frames) {
                if (still < state.beforeAttachOpen && method == state.beforeAttach[still]) {
                    still++;
                }
            }
            long now = CallClock.now();
            for (int i = state.beforeAttachOpen - 1; i >= still; i--) {
                int method = state.beforeAttach[i];
                MethodInfo info = registry.get(method);
                if (info.descriptor().endsWith(")V") || !renderer.recordsValues()) {
                    state.calls.returnedVoid(now, method);
                } else {
                    state.calls.returned(now, method);
                    state.calls.text(ValueRenderer.ELLIPSIS);
                }
            }
            state.beforeAttachOpen = still;
            state.depth = 0;
        } finally {
            state.busy = false;
        }
    }

    /**
     * Records, for frames from outermost to innermost, an open call for each traced one, preceded by the start of
     * the task that the innermost task-running frame below the first traced one runs.
     *
     * @param descriptors the frames' method descriptors, or null to match methods by name in {@code byName}
     * @return the ids of the open calls recorded, outermost first
     */
    private int[] openFrames(ThreadState state, Thread owner, String[] types, String[] methods,
                             String[] descriptors, Map<String, Integer> byName) {
        int[] ids = new int[types.length];
        int count = 0;
        boolean taskRunning = false;
        long now = CallClock.now();
        for (int i = 0; i < types.length; i++) {
            Integer id = descriptors != null ? Integer.valueOf(registry.idOf(types[i], methods[i], descriptors[i]))
                    : byName.get(types[i] + '.' + methods[i]);
            if (id != null && id >= 0) {
                if (!taskRunning && count == 0 && tasks != null && runsTaskBelow(types, methods, i)) {
                    tasks.startedBeforeAttach(state, owner);
                    taskRunning = true;
                }
                state.calls.enterWithoutValues(now, id);
                ids[count++] = id;
            }
        }
        if (!taskRunning && count == 0 && tasks != null && runsTaskBelow(types, methods, types.length)) {
            tasks.startedBeforeAttach(state, owner); // blocked in a task none of whose methods is traced
        }
        openedBeforeAttach.addAndGet(count);
        return Arrays.copyOf(ids, count);
    }

    /** Whether one of the frames outside frame {@code end} runs a task. */
    private static boolean runsTaskBelow(String[] types, String[] methods, int end) {
        for (int i = 0; i < end; i++) {
            if (TaskTracer.runsTask(types[i], methods[i], i + 1 < types.length ? types[i + 1] : null,
                    i + 1 < types.length ? methods[i + 1] : null)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Integer> methodsByName() {
        Map<String, Integer> byName = new HashMap<>();
        registry.forEach(method -> byName.putIfAbsent(method.type() + '.' + method.name(), method.id()));
        return byName;
    }

    /** This thread's stack below the hooks and the method they were called for, innermost first. */
    private static List<StackWalker.StackFrame> stackBelowEnter() {
        return STACK.walk(stream -> stream
                .dropWhile(frame -> frame.getClassName().startsWith(OURS))
                .skip(1) // the method being entered
                .toList());
    }

    /** Ids of the traced methods on the stack below the hooks and the method they were called for, outermost first. */
    private int[] tracedFramesBelowEnter() {
        List<StackWalker.StackFrame> frames = stackBelowEnter();
        int[] ids = new int[frames.size()];
        int count = 0;
        for (int i = frames.size() - 1; i >= 0; i--) {
            StackWalker.StackFrame frame = frames.get(i);
            int id = registry.idOf(frame.getClassName(), frame.getMethodName(), frame.getDescriptor());
            if (id >= 0) {
                ids[count++] = id;
            }
        }
        return Arrays.copyOf(ids, count);
    }

    /**
     * At a detach: the threads that made no traced call since the attach get their traced frames of the moment
     * (those of {@code stacks} the registry knows by class and method name) as open calls, so that a thread that
     * stayed blocked all along shows what it is in.
     */
    public void openFramesOfQuietThreads(Map<Thread, StackTraceElement[]> stacks) {
        Map<String, Integer> byName = methodsByName();
        stacks.forEach((thread, stack) -> {
            if (thread == Thread.currentThread() || threads.has(thread) || stack.length == 0
                    || thread.getName().startsWith("flowtrace-")) {
                return;
            }
            String[] types = new String[stack.length];
            String[] methods = new String[stack.length];
            for (int i = 0; i < stack.length; i++) { // outermost first
                types[i] = stack[stack.length - 1 - i].getClassName();
                methods[i] = stack[stack.length - 1 - i].getMethodName();
            }
            openFrames(threads.newState(thread), thread, types, methods, null, byName);
        });
    }

    private static void describeThread() {
        ThreadInfoEvent event = new ThreadInfoEvent();
        event.virtual = ThreadState.isVirtual(Thread.currentThread());
        event.commit();
    }

    private void stop(MethodInfo info, Throwable failure) {
        if (registry.disable(info)) {
            try {
                warnings.accept("tracing of " + info + " stopped: " + failure.getClass().getName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            } catch (Throwable ignored) {
                // reporting is best effort; the program must go on
            }
        }
    }
}
