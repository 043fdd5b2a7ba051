package io.flowtrace.recorder.advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an exit advice parameter of type boolean to a call of the {@code Hooks.exit} overload for the
 * instrumented method's return type, with the enter state, the unboxed result, what was thrown and the method id.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ExitHook {
}
