package io.flowtrace.recorder;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classes that could not be instrumented, counted once each, for the method tracing and the task
 * instrumentation alike (which are installed on threads of their own). Each is named in the debug log only:
 * frameworks that make classes at run time (Maven's Sisu) make the JDK's own ones fail by the dozen, and the count
 * in the summary says enough.
 */
final class InstrumentationErrors {
    private final Diagnostics diagnostics;
    private final Set<String> failedTypes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    /** Every failure told, the same class's again included. */
    private final AtomicLong told = new AtomicLong();

    InstrumentationErrors(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Counts a class that could not be instrumented; it then runs uninstrumented.
     *
     * @param purpose what the instrumentation was for, e.g. {@code " for tasks"}, or empty
     */
    void failed(String typeName, String purpose, Throwable throwable) {
        told.incrementAndGet();
        if (failedTypes.add(typeName)) {
            count.incrementAndGet();
        }
        String message = throwable.getMessage();
        diagnostics.debug("could not instrument " + typeName + purpose + ": "
                + (message == null ? throwable.getClass().getName() : message));
        diagnostics.debug(throwable);
    }

    /** Failures told so far, each time a class failed again included: a change says one happened meanwhile. */
    long told() {
        return told.get();
    }

    /** Classes that could not be instrumented. */
    int count() {
        return count.get();
    }
}
