package io.flowtrace.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 5ms}, {@code 1.5s}, {@code 200us}, {@code 5m}, {@code 1h}, {@code 0}. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?",
            Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** Nanoseconds; a number without unit is only accepted when it is 0. */
    static long parseNanos(String text, String option) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || (m.group(2) == null && new BigDecimal(m.group(1)).signum() != 0)) {
            throw UserException.usage(option + " takes a duration such as 5ms, 200us or 1.5s, not '" + text + "'");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 1_000_000_000L;
        };
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
        } catch (ArithmeticException e) {
            throw UserException.usage(option + ": " + text + " is not a whole number of nanoseconds or too large");
        }
    }
}
