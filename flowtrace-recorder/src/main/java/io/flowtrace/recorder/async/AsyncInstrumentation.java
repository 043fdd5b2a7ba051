package io.flowtrace.recorder.async;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/** The advice for one target type (and its subtypes where said), in a group the user can switch off. */
interface AsyncInstrumentation {
    /** The group that switches it off, e.g. {@code executors}. */
    AsyncGroup group();

    /** The types it applies to. */
    ElementMatcher<TypeDescription> types();

    /** Every class {@link #types()} may match, by names alone: the others are not even parsed. */
    TaskCandidates candidates();

    /** Adds its advice to the matched type. */
    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, AdviceFactory advice);
}
