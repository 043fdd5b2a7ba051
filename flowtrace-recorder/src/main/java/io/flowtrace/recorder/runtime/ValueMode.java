package io.flowtrace.recorder.runtime;

import java.util.Locale;

/** How much of argument values, results and exception messages goes into the recording. */
public enum ValueMode {
    /** Render values without running any code of the traced program. */
    SAFE,
    /** Like SAFE, but other objects are rendered with their own toString(). */
    TOSTRING,
    /** Record no values at all. */
    NONE;

    /** Parses the option value: safe, tostring or none. */
    public static ValueMode parse(String text) {
        for (ValueMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(text);
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
