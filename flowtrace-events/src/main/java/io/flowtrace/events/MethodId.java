package io.flowtrace.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Relational;

/** Marks a field holding a method id, so that JMC links calls to their {@link MethodDefinitionEvent}. */
@MetadataDefinition
@Relational
@Label("Method Id")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MethodId {
}
