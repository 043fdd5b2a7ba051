package io.flowtrace.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 500m}, {@code 2g}, {@code 4096}. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    static long parse(String text, String option) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw UserException.usage(option + " takes a size such as 500m or 2g, not '" + text + "'");
        }
        long value = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return value << shift;
    }
}
