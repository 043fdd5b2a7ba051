package io.flowtrace.recorder.advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an enter advice parameter to the state that the typed enter hooks return: reading it calls
 * {@code Hooks.enter(id, n)} and then one {@code Hooks.argument} per parameter of the instrumented method, each
 * with the parameter's own type, so that no argument is boxed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface EnterHook {
}
