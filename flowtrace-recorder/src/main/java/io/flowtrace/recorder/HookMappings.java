package io.flowtrace.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.flowtrace.recorder.advice.EnterHook;
import io.flowtrace.recorder.advice.ExitHook;
import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;

/**
 * Generates, per instrumented method, the calls of the typed hooks: Byte Buddy's {@code @AllArguments} and
 * {@code @Return} would box every primitive into an {@code Object}, these pass each value with its own type.
 * The code is straight-line (no branches, so no stack map frames of our own) and runs inside the advice's
 * exception suppression like the rest of it.
 */
final class HookMappings {
    private final MethodIdMapping ids;

    HookMappings(MethodIdMapping ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    Advice.WithCustomMapping bind(Advice.WithCustomMapping mapping) {
        return mapping.bind(new Enter()).bind(new Exit());
    }

    /** {@code Hooks.enter(id, n)}, then for each parameter {@code load; Hooks.argument(state, value)}. */
    private final class Enter implements Advice.OffsetMapping.Factory<EnterHook> {
        @Override
        public Class<EnterHook> getAnnotationType() {
            return EnterHook.class;
        }

        @Override
        public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                         AnnotationDescription.Loadable<EnterHook> annotation,
                                         AdviceType adviceType) {
            if (!target.getType().represents(Object.class)) {
                throw new IllegalStateException("@EnterHook needs an Object parameter: " + target);
            }
            return (instrumentedType, method, assigner, arguments, sort) -> {
                List<StackManipulation> code = new ArrayList<>();
                code.add(IntegerConstant.forValue(ids.idOf(instrumentedType, method)));
                code.add(IntegerConstant.forValue(method.getParameters().size()));
                code.add(invoke("enter", int.class, int.class));
                boolean[] secret = ids.secrets(method);
                for (ParameterDescription parameter : method.getParameters()) {
                    if (secret != null && secret[parameter.getIndex()]) {
                        code.add(invoke("secret", Object.class));
                        continue;
                    }
                    TypeDescription type = parameter.getType().asErasure();
                    code.add(MethodVariableAccess.of(type).loadFrom(arguments.argument(parameter.getOffset())));
                    code.add(invoke("argument", Object.class, hookType(type)));
                }
                return new Advice.OffsetMapping.Target.ForStackManipulation(new StackManipulation.Compound(code));
            };
        }
    }

    /** {@code Hooks.exit(state, result, thrown, id)} for the method's return type. */
    private final class Exit implements Advice.OffsetMapping.Factory<ExitHook> {
        @Override
        public Class<ExitHook> getAnnotationType() {
            return ExitHook.class;
        }

        @Override
        public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                         AnnotationDescription.Loadable<ExitHook> annotation,
                                         AdviceType adviceType) {
            if (!target.getType().represents(boolean.class)) {
                throw new IllegalStateException("@ExitHook needs a boolean parameter: " + target);
            }
            return (instrumentedType, method, assigner, arguments, sort) -> {
                TypeDescription type = method.getReturnType().asErasure();
                if (type.represents(void.class)) {
                    throw new IllegalStateException("@ExitHook on a void method: " + method);
                }
                return new Advice.OffsetMapping.Target.ForStackManipulation(new StackManipulation.Compound(
                        MethodVariableAccess.REFERENCE.loadFrom(arguments.enter()),
                        MethodVariableAccess.of(type).loadFrom(arguments.returned()),
                        MethodVariableAccess.REFERENCE.loadFrom(arguments.thrown()),
                        IntegerConstant.forValue(ids.idOf(instrumentedType, method)),
                        invoke("exit", Object.class, hookType(type), Throwable.class, int.class)));
            };
        }
    }

    /** The hook parameter type a value of {@code type} goes in as: itself for primitives, else Object. */
    private static Class<?> hookType(TypeDescription type) {
        if (!type.isPrimitive()) {
            return Object.class;
        }
        if (type.represents(byte.class) || type.represents(short.class)) {
            return int.class;
        }
        for (Class<?> primitive : new Class<?>[] {int.class, long.class, boolean.class, char.class, float.class,
                double.class}) {
            if (type.represents(primitive)) {
                return primitive;
            }
        }
        throw new IllegalArgumentException("no hook for " + type);
    }

    private static StackManipulation invoke(String name, Class<?>... parameters) {
        try {
            return MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(
                    Hooks.class.getMethod(name, parameters)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Hooks." + name + " is missing", e);
        }
    }
}
