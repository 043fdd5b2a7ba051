package io.flowtrace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method or constructor whose calls FlowTrace records: arguments, result or exception, and nesting.
 * On a class, it marks every method and constructor declared by that class.
 *
 * <p>The annotation has no effect unless the program runs under the FlowTrace agent
 * ({@code flowtrace record -- java ...}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME) // the agent reads it from the class file as the class loads
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface Trace {
}
