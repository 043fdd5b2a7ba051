package io.flowtrace.cli;

/** Decides whether output is coloured: {@code --color auto|always|never}, honouring NO_COLOR and dumb terminals. */
final class Colors {
    enum When { auto, always, never }

    private Colors() {
    }

    static boolean enabled(When when) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> stdoutIsTerminal() && isUnset("NO_COLOR") && !"dumb".equals(System.getenv("TERM"));
        };
    }

    private static boolean isUnset(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isEmpty(); // no-color.org: present and not empty disables colour
    }

    private static boolean stdoutIsTerminal() {
        // System.console() is non-null only when both stdin and stdout are a terminal: good enough for "auto"
        return System.console() != null;
    }
}
