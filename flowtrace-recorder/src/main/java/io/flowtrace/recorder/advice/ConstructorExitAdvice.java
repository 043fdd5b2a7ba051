package io.flowtrace.recorder.advice;

import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined where a traced constructor returns. Byte Buddy cannot catch a constructor's throw (the object is not
 * initialized there), so a constructor that throws has an enter and no exit; readers cope with that.
 */
public final class ConstructorExitAdvice {
    private ConstructorExitAdvice() {
    }

    // backupArguments = false: the exit reads no argument, so the frame keeps no copies of them
    @Advice.OnMethodExit(suppress = Throwable.class, backupArguments = false)
    static void exit(@TracedMethodId int method, @Advice.Enter Object state) {
        if (state != null) {
            Hooks.exitVoid(method, state, null);
        }
    }
}
