package io.flowtrace.recorder.advice;

import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of every traced method and constructor when values=none: no argument array. */
public final class EnterWithoutValuesAdvice {
    private EnterWithoutValuesAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@TracedMethodId int method) {
        return Hooks.enter(method);
    }
}
