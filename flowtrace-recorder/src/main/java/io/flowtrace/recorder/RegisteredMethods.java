package io.flowtrace.recorder;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.recorder.runtime.MethodInfo;
import io.flowtrace.recorder.runtime.MethodRegistry;

/**
 * The method tracing's way into the {@link MethodRegistry}: registers the methods it instruments, noting on each
 * thread which ones the class being instrumented there uses (kept with the class in the {@link TransformCache}), and
 * gives a cached class's methods the ids its bytes were made with.
 */
final class RegisteredMethods implements CachedInstrumentation.MethodIds {
    private final MethodRegistry registry;
    /**
     * Per thread, the methods registered since each {@link #startNoting} not yet stopped, by id: a class loaded
     * while another is instrumented is instrumented (and noted) inside.
     */
    private final ThreadLocal<ArrayDeque<Map<Integer, MethodInfo>>> noted = ThreadLocal.withInitial(ArrayDeque::new);

    RegisteredMethods(MethodRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** As {@link MethodRegistry#register}, noting the method when this thread notes. */
    int register(String type, String name, String descriptor, String parameterNames, int modifiers,
                 boolean[] secret) {
        int id = registry.register(type, name, descriptor, parameterNames, modifiers, secret);
        Map<Integer, MethodInfo> noting = noted.get().peek();
        if (noting != null) {
            noting.putIfAbsent(id, registry.get(id));
        }
        return id;
    }

    @Override
    public void startNoting() {
        noted.get().push(new LinkedHashMap<>());
    }

    @Override
    public List<MethodInfo> stopNoting() {
        Map<Integer, MethodInfo> noting = noted.get().poll();
        return noting == null ? List.of() : List.copyOf(noting.values());
    }

    @Override
    public boolean registerAt(List<MethodInfo> methods) {
        return registry.registerAt(methods);
    }
}
