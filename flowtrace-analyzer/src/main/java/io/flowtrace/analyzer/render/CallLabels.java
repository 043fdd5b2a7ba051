package io.flowtrace.analyzer.render;

import java.util.List;

import io.flowtrace.analyzer.model.CallNode;

/** Text pieces shared by the renderers. */
public final class CallLabels {
    private CallLabels() {
    }

    /** {@code Fib.fib(4)}, or {@code Fib.fib(?)} when the arguments were not recorded. */
    public static String call(CallNode call) {
        StringBuilder sb = new StringBuilder(call.method().displayName()).append('(');
        List<String> args = call.arguments();
        if (args == null) {
            sb.append('?');
        } else {
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(args.get(i));
            }
        }
        return sb.append(')').toString();
    }

    /**
     * Replaces line breaks and other control characters (including the escape that starts ANSI sequences) so
     * that a recorded value can neither break the tree nor color the terminal.
     */
    public static String printable(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (isControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }
}
