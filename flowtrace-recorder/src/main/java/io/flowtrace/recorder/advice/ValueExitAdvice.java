package io.flowtrace.recorder.advice;

import net.bytebuddy.asm.Advice;

/** Inlined where a traced method that returns a value returns or throws. */
public final class ValueExitAdvice {
    private ValueExitAdvice() {
    }

    // backupArguments = false: the exit reads no argument, so the frame keeps no copies of them
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter Object state, @ExitHook boolean recorded) {
        if (state != null && recorded) { // only calls whose enter was recorded
            return; // reading `recorded` recorded the result, unboxed, or what was thrown
        }
    }
}
