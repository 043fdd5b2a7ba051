package io.flowtrace.recorder.advice;

import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of every traced method and constructor when values are recorded. */
public final class EnterAdvice {
    private EnterAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@TracedMethodId int method, @Advice.AllArguments Object[] arguments) {
        return Hooks.enter(method, arguments);
    }
}
