package io.flowtrace.analyzer.render;

import java.util.Locale;

/** Formats durations for people: an adaptive unit (ns, µs, ms, s) and three significant digits. */
public final class DurationFormat {
    private static final String[] UNITS = {"µs", "ms", "s"};

    private DurationFormat() {
    }

    /** {@code 850 ns}, {@code 1.23 µs}, {@code 12.3 ms}, {@code 123 ms}, {@code 1.50 s}. */
    public static String format(long nanos) {
        if (nanos < 1000) {
            return nanos + " ns";
        }
        double value = nanos / 1000.0;
        int unit = 0;
        while (true) {
            String digits = threeDigits(value);
            // 999.7 µs rounds to "1000": show it as 1.00 ms instead.
            if (unit < UNITS.length - 1 && (value >= 1000 || digits.equals("1000"))) {
                value /= 1000.0;
                unit++;
                continue;
            }
            return digits + " " + UNITS[unit];
        }
    }

    private static String threeDigits(double v) {
        if (v < 9.995) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v < 99.95) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
