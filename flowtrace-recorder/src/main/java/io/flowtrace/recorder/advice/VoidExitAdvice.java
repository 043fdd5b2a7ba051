package io.flowtrace.recorder.advice;

import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined where a traced void method returns or throws, so that "void" differs from "returned null". */
public final class VoidExitAdvice {
    private VoidExitAdvice() {
    }

    // backupArguments = false: the exit reads no argument, so the frame keeps no copies of them
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
    static void exit(@TracedMethodId int method, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
        if (state != null) {
            Hooks.exitVoid(method, state, thrown);
        }
    }
}
