package io.flowtrace.recorder.advice;

import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined where a traced method that returns a value returns or throws. */
public final class ValueExitAdvice {
    private ValueExitAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@TracedMethodId int method, @Advice.Enter Object state,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        if (state != null) { // only calls whose enter was recorded; also spares boxing the result otherwise
            Hooks.exit(method, state, result, thrown);
        }
    }
}
