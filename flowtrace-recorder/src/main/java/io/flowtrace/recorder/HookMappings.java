package io.flowtrace.recorder;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.recorder.advice.EnterHook;
import io.flowtrace.recorder.advice.ExitHook;
import io.flowtrace.recorder.runtime.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.primitive.PrimitiveWideningDelegate;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.LongConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;

/**
 * Generates, per instrumented method, the calls of the typed hooks: Byte Buddy's {@code @AllArguments} and
 * {@code @Return} would box every primitive into an {@code Object}, these pass each value with its own type. The
 * enter hook takes the first arguments along (one call, not one per argument: a hook call is never inlined).
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

    /**
     * {@code Hooks.enter(id, n, kinds, first arguments)} (or {@code Hooks.enter(id, 0)}), then for each further
     * parameter {@code load; Hooks.argument(state, value)}.
     */
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
                ParameterList<?> parameters = method.getParameters();
                boolean[] secret = ids.secrets(method);
                int along = Math.min(parameters.size(), Hooks.ENTER_VALUES);
                List<StackManipulation> code = new ArrayList<>();
                code.add(IntegerConstant.forValue(ids.idOf(instrumentedType, method)));
                code.add(IntegerConstant.forValue(parameters.size()));
                if (along == 0) {
                    code.add(hook("enter", int.class, int.class));
                } else {
                    int kinds = 0;
                    Class<?>[] signature = new Class<?>[3 + along];
                    signature[0] = signature[1] = signature[2] = int.class;
                    List<StackManipulation> values = new ArrayList<>();
                    for (int i = 0; i < along; i++) {
                        ParameterDescription parameter = parameters.get(i);
                        boolean hidden = secret != null && secret[i];
                        TypeDescription type = parameter.getType().asErasure();
                        signature[3 + i] = !hidden && !type.isPrimitive() ? Object.class : long.class;
                        kinds |= (hidden ? Hooks.SECRET : kindOf(type)) << Hooks.KIND_BITS * i;
                        values.add(hidden ? LongConstant.ZERO : new StackManipulation.Compound(
                                MethodVariableAccess.of(type).loadFrom(arguments.argument(parameter.getOffset())),
                                asLong(type)));
                    }
                    code.add(IntegerConstant.forValue(kinds));
                    code.addAll(values);
                    code.add(hook("enter", signature));
                }
                for (ParameterDescription parameter : parameters.subList(along, parameters.size())) {
                    if (secret != null && secret[parameter.getIndex()]) {
                        code.add(hook("secret", Object.class));
                        continue;
                    }
                    TypeDescription type = parameter.getType().asErasure();
                    code.add(MethodVariableAccess.of(type).loadFrom(arguments.argument(parameter.getOffset())));
                    code.add(hook("argument", Object.class, hookType(type)));
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
                        hook("exit", Object.class, hookType(type), Throwable.class, int.class)));
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

    /** The kind an enter hook is told for a primitive it takes along as a long. */
    private static int kindOf(TypeDescription type) {
        if (type.represents(boolean.class)) {
            return Hooks.BOOLEAN;
        }
        if (type.represents(char.class)) {
            return Hooks.CHAR;
        }
        if (type.represents(float.class)) {
            return Hooks.FLOAT;
        }
        return type.represents(double.class) ? Hooks.DOUBLE : Hooks.INTEGER; // and objects: unused
    }

    /** Turns a loaded value into what an enter hook takes: a primitive into a long of its kind, an object as is. */
    private static StackManipulation asLong(TypeDescription type) {
        if (!type.isPrimitive() || type.represents(long.class)) {
            return StackManipulation.Trivial.INSTANCE;
        }
        if (type.represents(double.class)) {
            return DOUBLE_BITS;
        }
        if (type.represents(float.class)) {
            return new StackManipulation.Compound(FLOAT_BITS, INT_TO_LONG);
        }
        return INT_TO_LONG; // boolean, byte, short, char and int are ints on the operand stack
    }

    private static final StackManipulation INT_TO_LONG = PrimitiveWideningDelegate
            .forPrimitive(TypeDescription.ForLoadedType.of(int.class))
            .widenTo(TypeDescription.ForLoadedType.of(long.class));
    private static final StackManipulation FLOAT_BITS = invoke(Float.class, "floatToRawIntBits", float.class);
    private static final StackManipulation DOUBLE_BITS = invoke(Double.class, "doubleToRawLongBits", double.class);

    /** The hooks by name and parameter types, looked up once: instrumenting a class asks for them per method. */
    private static final Map<List<Object>, StackManipulation> HOOKS = new HashMap<>();

    static {
        for (Method method : Hooks.class.getMethods()) {
            if (method.getDeclaringClass() == Hooks.class && Modifier.isStatic(method.getModifiers())) {
                HOOKS.put(key(method.getName(), method.getParameterTypes()),
                        MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(method)));
            }
        }
    }

    private static StackManipulation hook(String name, Class<?>... parameters) {
        StackManipulation hook = HOOKS.get(key(name, parameters));
        if (hook == null) {
            throw new IllegalStateException("Hooks." + name + List.of(parameters) + " is missing");
        }
        return hook;
    }

    private static List<Object> key(String name, Class<?>... parameters) {
        List<Object> key = new ArrayList<>(parameters.length + 1);
        key.add(name);
        key.addAll(List.of(parameters));
        return key;
    }

    private static StackManipulation invoke(Class<?> owner, String name, Class<?>... parameters) {
        try {
            return MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(owner.getMethod(name, parameters)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(owner.getName() + "." + name + " is missing", e);
        }
    }
}
