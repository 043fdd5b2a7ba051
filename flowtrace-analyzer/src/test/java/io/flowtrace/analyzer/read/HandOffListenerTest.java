package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.StackFrame;

class HandOffListenerTest {
    /** Writes down every call it receives, and on which thread. */
    private static class Log implements CallListener {
        final List<String> calls = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        private void log(String call) {
            calls.add(call);
            if (!threads.contains(Thread.currentThread())) {
                threads.add(Thread.currentThread());
            }
        }

        @Override
        public void beginThread(long id, String name, boolean virtual) {
            log("begin " + id + " " + name + " " + virtual);
        }

        @Override
        public void enter(int method, long nanos, String arguments) {
            log("enter " + method + " " + nanos + " " + arguments);
        }

        @Override
        public void enterLost(int method) {
            log("lost " + method);
        }

        @Override
        public void exit(int method, long nanos, String result, ExceptionInfo exception) {
            log("exit " + method + " " + nanos + " " + result + " " + exception);
        }

        @Override
        public void endThread() {
            log("end");
        }

        @Override
        public void resumeThread(long id) {
            log("resume " + id);
        }

        @Override
        public void taskFork(long task, long parent, String kind, String executor, String object, long nanos,
                List<StackFrame> stack) {
            log("fork " + task + " " + parent + " " + kind + " " + executor + " " + object + " " + nanos);
        }

        @Override
        public void taskJoin(long task, String kind, boolean completed, long start, long wait,
                List<StackFrame> stack) {
            log("join " + task + " " + kind + " " + completed + " " + start + " " + wait);
        }

        @Override
        public void checkpoint(String label, String kind, long task, long nanos) {
            log("checkpoint " + label + " " + kind + " " + task + " " + nanos);
        }
    }

    /** The same calls to a listener directly and through a hand-off. */
    private static void script(CallListener l, int calls) {
        l.beginThread(1, "main", false);
        l.beginThread(22, "", true);
        for (int i = 0; i < calls; i++) {
            l.resumeThread(i % 3 == 0 ? 22 : 1);
            l.enter(i % 7, i * 10L, i % 5 == 0 ? null : "a\u001Fb" + i);
            if (i % 1000 == 0) {
                l.taskFork(i, 0, "submit", "pool", "task@" + i, i, List.of());
                l.checkpoint("step", "point", 0, i);
                l.enterLost(3);
                l.taskJoin(i, "get", true, i, 5, List.of());
            }
            if (i % 13 == 0) {
                l.exit(i % 7, i * 10L + 1, null, new ExceptionInfo("java.io.IOException", "no " + i));
            } else {
                l.exit(i % 7, i * 10L + 1, i % 11 == 0 ? null : "r" + i, null);
            }
        }
        l.resumeThread(22);
        l.endThread();
        l.resumeThread(1);
        l.endThread();
    }

    @Test
    void passesEveryCallOnInOrderOnAnotherThread() {
        Log direct = new Log();
        script(direct, 50_000); // many blocks
        Log handedOn = new Log();
        HandOffListener handOff = new HandOffListener(handedOn);
        script(handOff, 50_000);
        handOff.close();

        for (int i = 0; i < direct.calls.size(); i++) {
            assertEquals(direct.calls.get(i), i < handedOn.calls.size() ? handedOn.calls.get(i) : null, "call " + i);
        }
        assertEquals(direct.calls.size(), handedOn.calls.size());
        assertEquals(1, handedOn.threads.size());
        assertNotEquals(Thread.currentThread(), handedOn.threads.get(0));
    }

    @Test
    void whatTheTargetThrowsIsThrownHere() {
        IllegalStateException boom = new IllegalStateException("thread 5 was not begun");
        HandOffListener handOff = new HandOffListener(new Log() {
            @Override
            public void resumeThread(long id) {
                throw boom;
            }
        });
        handOff.beginThread(1, "main", false);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 1_000_000; i++) { // thrown when a later block is handed over, or at the close
                handOff.resumeThread(5);
            }
            handOff.close();
        });
        assertSame(boom, thrown);
    }
}
