package io.flowtrace.recorder.runtime;

import java.util.List;

/**
 * Loads and initializes, before the program's code runs, every class the hooks may reach, most of them on some paths
 * only (a flush, a value kind, a task hand-off). Reached first at the end of a thread's stack (a deep recursion), a
 * class would be loaded through the JVM's class-file transformers with no stack left for them, which the JDK reports
 * on the program's stderr ("java.lang.instrument ASSERTION FAILED"), and could fail its initialization for good.
 * For the same reason no hook path holds a lambda or method reference that is not linked in a static initializer.
 */
public final class HookClasses {
    /**
     * The classes of {@code io.flowtrace.recorder.runtime} and {@code io.flowtrace.events.records}, switch maps and
     * anonymous classes too (their names as javac gives them); {@code HookClassesTest} checks the list against the
     * compiled packages.
     */
    static final List<String> NAMES = List.of(
            "io.flowtrace.events.records.CallRecordReader",
            "io.flowtrace.events.records.CallRecordWriter",
            "io.flowtrace.events.records.CallRecords",
            "io.flowtrace.events.records.Definitions",
            "io.flowtrace.recorder.runtime.CallBuffer",
            "io.flowtrace.recorder.runtime.CallClock",
            "io.flowtrace.recorder.runtime.ClassTable",
            "io.flowtrace.recorder.runtime.HookClasses",
            "io.flowtrace.recorder.runtime.Hooks",
            "io.flowtrace.recorder.runtime.MethodInfo",
            "io.flowtrace.recorder.runtime.MethodRegistry",
            "io.flowtrace.recorder.runtime.StackFrames",
            "io.flowtrace.recorder.runtime.TaskGroup",
            "io.flowtrace.recorder.runtime.TaskGroup$Member",
            "io.flowtrace.recorder.runtime.TaskHooks",
            "io.flowtrace.recorder.runtime.TaskInfo",
            "io.flowtrace.recorder.runtime.TaskRegistry",
            "io.flowtrace.recorder.runtime.TaskRegistry$LookupKey",
            "io.flowtrace.recorder.runtime.TaskRegistry$WeakKey",
            "io.flowtrace.recorder.runtime.TaskTracer",
            "io.flowtrace.recorder.runtime.TaskTracer$Frame",
            "io.flowtrace.recorder.runtime.TaskTracer$GroupJoin",
            "io.flowtrace.recorder.runtime.TaskTracer$Running",
            "io.flowtrace.recorder.runtime.ThreadState",
            "io.flowtrace.recorder.runtime.ThreadStates",
            "io.flowtrace.recorder.runtime.TracedRunnable",
            "io.flowtrace.recorder.runtime.Tracer",
            "io.flowtrace.recorder.runtime.ValueMode",
            "io.flowtrace.recorder.runtime.ValueRenderer",
            "io.flowtrace.recorder.runtime.ValueRenderer$1",
            "io.flowtrace.recorder.runtime.ValueRenderer$2",
            "io.flowtrace.recorder.runtime.ValueRenderer$3",
            "io.flowtrace.recorder.runtime.ValueRenderer$Kind",
            "io.flowtrace.recorder.runtime.ValueRenderer$TypeInfo",
            "io.flowtrace.recorder.runtime.Words",
            "io.flowtrace.recorder.runtime.Words$1",
            "io.flowtrace.recorder.runtime.Words$2",
            "io.flowtrace.recorder.runtime.Words$3",
            "io.flowtrace.recorder.runtime.Words$4",
            "io.flowtrace.recorder.runtime.Words$EnumWords",
            "io.flowtrace.recorder.runtime.Words$Word");

    private HookClasses() {
    }

    /** Loads and initializes them; once the FlowTrace events are registered (the tracer's class looks one up). */
    public static void load() throws ClassNotFoundException {
        ClassLoader ours = HookClasses.class.getClassLoader();
        for (String name : NAMES) {
            Class.forName(name, true, ours);
        }
    }
}
