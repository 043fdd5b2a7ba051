package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowtrace.analyzer.model.LiveThread;
import io.flowtrace.analyzer.model.StackFrame;

/**
 * Parses the text of a {@code jdk.ThreadDump} event, which is what {@code jcmd Thread.print} prints: a header line
 * per thread ({@code "main" #1 prio=5 ...}), its state, and {@code at class.method(File.java:12)} lines.
 */
public final class ThreadDumps {
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\"\\s+#(\\d+)\\b.*");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State:\\s*(.*)$");
    private static final Pattern FRAME = Pattern.compile("^\\s+at\\s+(.+)\\.([^.(]+)\\((.*)\\)\\s*$");

    private ThreadDumps() {
    }

    /** The threads of a dump, in its order; an empty list for {@code null}. */
    public static List<LiveThread> parse(String text) {
        List<LiveThread> threads = new ArrayList<>();
        if (text == null) {
            return threads;
        }
        String name = null;
        long id = -1;
        String state = "";
        List<StackFrame> frames = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (name != null) {
                    threads.add(new LiveThread(name, id, state, frames));
                }
                name = header.group(1);
                id = Long.parseLong(header.group(2));
                state = "";
                frames = new ArrayList<>();
                continue;
            }
            if (name == null) {
                continue;
            }
            Matcher s = STATE.matcher(line);
            if (s.matches()) {
                state = s.group(1).trim();
                continue;
            }
            Matcher f = FRAME.matcher(line);
            if (f.matches()) {
                frames.add(new StackFrame(f.group(1), f.group(2), line(f.group(3))));
            }
        }
        if (name != null) {
            threads.add(new LiveThread(name, id, state, frames));
        }
        return threads;
    }

    /** {@code java.base@17/LockSupport.java:211} gives 211; {@code Native Method} gives -1. */
    private static int line(String location) {
        int colon = location.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(location.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
