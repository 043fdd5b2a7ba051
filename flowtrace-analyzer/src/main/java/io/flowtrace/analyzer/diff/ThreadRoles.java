package io.flowtrace.analyzer.diff;

/**
 * The role of a thread: its name with every run of digits replaced by {@code #}, so that generated names of the
 * same kind match across runs: {@code pool-3-thread-7} is {@code pool-#-thread-#}, {@code ForkJoinPool-1-worker-2}
 * is {@code ForkJoinPool-#-worker-#}, and {@code virtual #41} is {@code virtual ##}.
 */
public final class ThreadRoles {
    private ThreadRoles() {
    }

    /** The role of a thread named {@code name}. */
    public static String role(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean inDigits = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= '0' && c <= '9') {
                if (!inDigits) {
                    sb.append('#');
                }
                inDigits = true;
            } else {
                sb.append(c);
                inDigits = false;
            }
        }
        return sb.toString();
    }
}
