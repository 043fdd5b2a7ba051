package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class MethodRegistryTest {
    private final List<MethodInfo> announced = new ArrayList<>();
    private final MethodRegistry registry = new MethodRegistry(announced::add);

    @Test
    void theSameMethodAlwaysGetsTheSameIdAndIsAnnouncedOnce() {
        int first = registry.register("com.acme.Shop", "fib", "(I)I", "n", 8, null);
        int again = registry.register("com.acme.Shop", "fib", "(I)I", "n", 8, null);
        assertEquals(first, again);
        assertEquals(1, registry.size());
        assertEquals(1, announced.size());
        MethodInfo info = registry.get(first);
        assertEquals("com.acme.Shop", info.type());
        assertEquals("fib", info.name());
        assertEquals("(I)I", info.descriptor());
        assertEquals("n", info.parameterNames());
        assertEquals(8, info.modifiers());
        assertEquals("com.acme.Shop.fib", info.toString());
    }

    @Test
    void overloadsAndOtherClassesGetTheirOwnIds() {
        int a = registry.register("com.acme.Shop", "add", "(I)V", null, 1, null);
        int b = registry.register("com.acme.Shop", "add", "(J)V", null, 1, null);
        int c = registry.register("com.acme.Shop$Cart", "add", "(I)V", null, 1, null);
        assertEquals(List.of(0, 1, 2), List.of(a, b, c));
        List<Integer> visited = new ArrayList<>();
        registry.forEach(method -> visited.add(method.id()));
        assertEquals(List.of(0, 1, 2), visited);
    }

    @Test
    void growsBeyondItsFirstTable() {
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, registry.register("T", "m" + i, "()V", null, 0, null));
        }
        assertEquals("m999", registry.get(999).name());
    }

    @Test
    void concurrentRegistrationsAgreeOnIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        ids.add(registry.register("T", "m" + i, "()V", null, 0, null));
                    }
                    return ids;
                }));
            }
            List<Integer> first = results.get(0).get();
            for (Future<List<Integer>> result : results) {
                assertEquals(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(500, registry.size());
        assertEquals(500, announced.size());
    }

    @Test
    void methodsOfACachedClassGetTheirIdsBackAndNewOnesGetIdsAboveTheReservedOnes() {
        registry.reserve(10);
        MethodInfo main = new MethodInfo(3, "com.acme.Shop", "main", "()V", null, 9, null);
        MethodInfo pay = new MethodInfo(4, "com.acme.Shop", "pay", "(I)Z", "cents", 1, null);
        assertEquals(true, registry.registerAt(List.of(main, pay)));
        assertEquals(true, registry.registerAt(List.of(main, pay)), "the same class from another class loader");
        assertEquals(10, registry.register("com.acme.Cart", "add", "(I)V", null, 1, null));
        assertEquals(3, registry.register("com.acme.Shop", "main", "()V", null, 9, null));
        assertEquals(List.of(main, pay, registry.get(10)), announced);
        assertEquals(3, registry.size());
        assertEquals(true, registry.isTraced(4));
        assertEquals(false, registry.isTraced(5), "reserved, not registered");
        List<Integer> visited = new ArrayList<>();
        registry.forEach(method -> visited.add(method.id()));
        assertEquals(List.of(3, 4, 10), visited);
    }

    @Test
    void aCachedClassWhoseIdsAreTakenIsRefusedWhole() {
        registry.reserve(10);
        int cart = registry.register("com.acme.Cart", "add", "(I)V", null, 1, null);
        MethodInfo otherId = new MethodInfo(2, "com.acme.Cart", "add", "(I)V", null, 1, null);
        assertEquals(false, registry.registerAt(List.of(new MethodInfo(1, "com.acme.Cart", "total", "()I", null, 1,
                null), otherId)), "a method registered under another id");
        assertEquals(-1, registry.idOf("com.acme.Cart", "total", "()I"), "none of the class's methods registered");
        assertEquals(true, registry.registerAt(List.of(new MethodInfo(5, "com.acme.Shop", "main", "()V", null, 9,
                null))));
        assertEquals(false, registry.registerAt(List.of(new MethodInfo(5, "com.acme.Other", "run", "()V", null, 9,
                null))), "an id another method has");
        assertEquals(false, registry.registerAt(List.of(new MethodInfo(cart, "com.acme.Pay", "run", "()V", null, 9,
                null))), "the id a method new in this run got");
    }

    @Test
    void disablingIsReportedToTheFirstCallerOnly() {
        MethodInfo info = registry.get(registry.register("T", "m", "()V", null, 0, null));
        assertEquals(true, info.disable());
        assertEquals(false, info.disable());
        assertEquals(true, info.isDisabled());
    }
}
