package io.flowtrace.recorder.runtime;

/** One instrumented method: what its id stands for, and whether tracing it was stopped after a failure. */
public final class MethodInfo {
    private final int id;
    private final String type;
    private final String name;
    private final String descriptor;
    private final String parameterNames;
    private final int modifiers;
    private final boolean[] secret;
    /** Read on every traced call: a field of its own, not an AtomicBoolean one more load away. */
    private volatile boolean disabled;

    public MethodInfo(int id, String type, String name, String descriptor, String parameterNames, int modifiers,
               boolean[] secret) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.descriptor = descriptor;
        this.parameterNames = parameterNames;
        this.modifiers = modifiers;
        this.secret = secret;
    }

    public int id() {
        return id;
    }

    /** Binary name of the declaring class, e.g. {@code com.acme.Shop$Cart}. */
    public String type() {
        return type;
    }

    /** Method name; {@code <init>} for a constructor. */
    public String name() {
        return name;
    }

    public String descriptor() {
        return descriptor;
    }

    /** Parameter names joined by commas, or null when the class file does not have them. */
    public String parameterNames() {
        return parameterNames;
    }

    public int modifiers() {
        return modifiers;
    }

    /** Which arguments hold secrets and are never rendered; null when none does. */
    public boolean[] secret() {
        return secret;
    }

    public boolean isDisabled() {
        return disabled;
    }

    /** Stops tracing this method; true only for the caller that stopped it, so the failure is reported once. */
    synchronized boolean disable() {
        if (disabled) {
            return false;
        }
        disabled = true;
        return true;
    }

    @Override
    public String toString() {
        return type + "." + name;
    }
}
