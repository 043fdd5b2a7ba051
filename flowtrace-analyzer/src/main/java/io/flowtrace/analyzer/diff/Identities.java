package io.flowtrace.analyzer.diff;

/**
 * Removes identity hashes from rendered values: {@code Orders@5af3a0f} becomes {@code Orders@}. The recorder renders
 * objects without a {@code toString} as {@code SimpleName@hex}, and the hex part differs from run to run.
 */
final class Identities {
    private Identities() {
    }

    /** The value with every {@code @} followed by 1 to 8 hex digits (and no further word character) cut short. */
    static String strip(String value) {
        int at = value.indexOf('@');
        if (at < 0) {
            return value; // the common case, without allocating
        }
        StringBuilder sb = null;
        int copied = 0;
        while (at >= 0) {
            int end = at + 1;
            while (end < value.length() && end - at <= 8 && isHex(value.charAt(end))) {
                end++;
            }
            boolean identity = end > at + 1 && (end == value.length() || !isWordChar(value.charAt(end)));
            if (identity) {
                if (sb == null) {
                    sb = new StringBuilder(value.length());
                }
                sb.append(value, copied, at + 1);
                copied = end;
            }
            at = value.indexOf('@', end);
        }
        if (sb == null) {
            return value;
        }
        return sb.append(value, copied, value.length()).toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
