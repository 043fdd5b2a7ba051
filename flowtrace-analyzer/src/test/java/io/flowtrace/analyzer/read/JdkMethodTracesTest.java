package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.ExceptionInfo;

/** The JDK's method-trace events become calls nested per thread: by time, and by stack depth at the same instant. */
class JdkMethodTracesTest {
    /** Writes the calls as an indented outline: {@code thread}, then one line per call. */
    private static final class Outline implements CallListener {
        final StringBuilder text = new StringBuilder();
        private final JdkMethodTraces traces;
        private int depth;

        Outline(JdkMethodTraces traces) {
            this.traces = traces;
        }

        @Override
        public void beginThread(long javaThreadId, String name, boolean virtual) {
            text.append(name).append('\n');
        }

        @Override
        public void enter(int methodId, long startNanos, String arguments) {
            depth++;
            text.append("  ".repeat(depth)).append(traces.methods().get(methodId).name()).append(' ')
                    .append(startNanos).append('\n');
        }

        @Override
        public void enterLost(int methodId) {
            text.append("lost\n");
        }

        @Override
        public void exit(int methodId, long endNanos, String result, ExceptionInfo exception) {
            depth--;
        }

        @Override
        public void endThread() {
        }
    }

    private static String outline(JdkMethodTraces traces) {
        Outline o = new Outline(traces);
        traces.replay(o);
        return o.text.toString();
    }

    @Test
    void callsNestByTimeOnEachThread() {
        JdkMethodTraces traces = new JdkMethodTraces();
        // events arrive as calls end: the innermost first
        traces.add(1, "main", 20, 10, "demo.Fib", "leaf", "()V", 0, -1);
        traces.add(2, "worker", 15, 5, "demo.Fib", "work", "()V", 0, -1);
        traces.add(1, "main", 35, 5, "demo.Fib", "leaf", "()V", 0, -1);
        traces.add(1, "main", 10, 40, "demo.Fib", "outer", "()V", 0, -1);
        assertEquals("main\n  outer 10\n    leaf 20\n    leaf 35\nworker\n  work 15\n", outline(traces));
    }

    @Test
    void callsAtTheSameInstantNestByTheirStacks() {
        JdkMethodTraces traces = new JdkMethodTraces();
        traces.add(1, "main", 10, 0, "demo.Fib", "inner", "()V", 0, 5);
        traces.add(1, "main", 10, 0, "demo.Fib", "sibling", "()V", 0, 5);
        traces.add(1, "main", 10, 0, "demo.Fib", "outer", "()V", 0, 4);
        assertEquals("main\n  outer 10\n    inner 10\n    sibling 10\n", outline(traces));
    }
}
