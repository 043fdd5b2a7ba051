package io.flowtrace.recorder.advice;

import net.bytebuddy.asm.Advice;

/** Inlined where a traced method that returns a value returns or throws. */
public final class ValueExitAdvice {
    private ValueExitAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object state, @ExitHook boolean recorded) {
        if (state != null && recorded) { // only calls whose enter was recorded
            return; // reading `recorded` recorded the result, unboxed, or what was thrown
        }
    }
}
