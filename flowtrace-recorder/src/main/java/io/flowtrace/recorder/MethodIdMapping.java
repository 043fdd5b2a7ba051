package io.flowtrace.recorder;

import java.util.Objects;
import java.util.StringJoiner;

import io.flowtrace.recorder.advice.TracedMethodId;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/** Gives each instrumented method its registry id and binds it into the advice as an int constant. */
final class MethodIdMapping implements Advice.OffsetMapping.Factory<TracedMethodId> {
    private final RegisteredMethods registry;
    private final SecretNames secrets;

    MethodIdMapping(RegisteredMethods registry, SecretNames secrets) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    @Override
    public Class<TracedMethodId> getAnnotationType() {
        return TracedMethodId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                     AnnotationDescription.Loadable<TracedMethodId> annotation,
                                     AdviceType adviceType) {
        if (!target.getType().represents(int.class)) {
            throw new IllegalStateException("@TracedMethodId needs an int parameter: " + target);
        }
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                new Advice.OffsetMapping.Target.ForStackManipulation(
                        IntegerConstant.forValue(idOf(instrumentedType, instrumentedMethod)));
    }

    /** Registers the method (idempotent) and returns its id. */
    int idOf(TypeDescription type, MethodDescription method) {
        ParameterList<?> parameters = method.getParameters();
        return registry.register(type.getName(), method.getInternalName(), method.getDescriptor(),
                parameterNames(parameters), method.getModifiers(), secrets.mask(parameters));
    }

    /** Which parameters of {@code method} hold secrets, or null when none does. */
    boolean[] secrets(MethodDescription method) {
        return secrets.mask(method.getParameters());
    }

    /** Names joined by commas when the class file has all of them, else null. */
    static String parameterNames(ParameterList<?> parameters) {
        StringJoiner names = new StringJoiner(",");
        for (ParameterDescription parameter : parameters) {
            if (!parameter.isNamed()) {
                return null;
            }
            names.add(parameter.getName());
        }
        return names.toString();
    }
}
