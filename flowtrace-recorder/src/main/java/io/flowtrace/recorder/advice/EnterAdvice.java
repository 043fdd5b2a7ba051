package io.flowtrace.recorder.advice;

import net.bytebuddy.asm.Advice;

/** Inlined at the start of every traced method and constructor when values are recorded. */
public final class EnterAdvice {
    private EnterAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@EnterHook Object state) {
        return state; // reading it recorded the enter and each argument, typed
    }
}
