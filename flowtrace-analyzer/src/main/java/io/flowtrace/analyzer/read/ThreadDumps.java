package io.flowtrace.analyzer.read;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowtrace.analyzer.model.Deadlock;
import io.flowtrace.analyzer.model.LiveThread;
import io.flowtrace.analyzer.model.StackFrame;

/**
 * Parses the text of a {@code jdk.ThreadDump} event, which is what {@code jcmd Thread.print} prints: a header line
 * per thread ({@code "main" #1 prio=5 ...}), its state, and {@code at class.method(File.java:12)} lines, then the
 * deadlocks the JVM found, each a {@code Found one Java-level deadlock:} section.
 */
public final class ThreadDumps {
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\"\\s+#(\\d+)\\b.*");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State:\\s*(.*)$");
    private static final Pattern FRAME = Pattern.compile("^\\s+at\\s+(.+)\\.([^.(]+)\\((.*)\\)\\s*$");
    /** The agent's own frames (its task wrapper's), which the program never sees either. */
    private static final String RECORDER = "io.flowtrace.recorder.";
    private static final String DEADLOCK = "Found one Java-level deadlock:";
    private static final Pattern WAITER = Pattern.compile("^\"(.*)\":$");
    /** {@code waiting to lock monitor 0x7f.. (object 0x69.., a java.lang.Object),} */
    private static final Pattern MONITOR = Pattern.compile(
            "^\\s+waiting to lock monitor \\S+ \\(object (0x\\p{XDigit}+), a (.+)\\),?$");
    /** {@code waiting for ownable synchronizer 0x69.., (a java.util.concurrent.locks.ReentrantLock$NonfairSync),} */
    private static final Pattern SYNCHRONIZER = Pattern.compile(
            "^\\s+waiting for ownable synchronizer (0x\\p{XDigit}+), \\(a (.+)\\),?$");
    private static final Pattern HOLDER = Pattern.compile("^\\s+which is held by \"(.*)\"$");

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
            if (line.startsWith(DEADLOCK)) {
                break; // the deadlock sections repeat some stacks, under headers of their own
            }
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
            if (f.matches() && !f.group(1).startsWith(RECORDER)) {
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

    /** The deadlocks the JVM reported in a dump, in its order; an empty list for {@code null} or none. */
    public static List<Deadlock> deadlocks(String text) {
        List<Deadlock> deadlocks = new ArrayList<>();
        if (text == null || !text.contains(DEADLOCK)) {
            return deadlocks;
        }
        List<Deadlock.Wait> waits = null;
        String thread = null;
        String lock = null;
        for (String line : text.split("\\R")) {
            if (line.startsWith(DEADLOCK)) {
                waits = new ArrayList<>();
                continue;
            }
            if (waits == null) {
                continue;
            }
            if (line.startsWith("Java stack information for the threads listed above")) {
                if (!waits.isEmpty()) {
                    deadlocks.add(new Deadlock(waits));
                }
                waits = null;
                continue;
            }
            Matcher m;
            if ((m = WAITER.matcher(line)).matches()) {
                thread = m.group(1);
                lock = null;
            } else if ((m = MONITOR.matcher(line)).matches() || (m = SYNCHRONIZER.matcher(line)).matches()) {
                lock = "<" + m.group(1) + "> (a " + m.group(2) + ")";
            } else if ((m = HOLDER.matcher(line)).matches() && thread != null && lock != null) {
                waits.add(new Deadlock.Wait(thread, lock, m.group(1)));
                thread = null;
                lock = null;
            }
        }
        if (waits != null && !waits.isEmpty()) {
            deadlocks.add(new Deadlock(waits));
        }
        return deadlocks;
    }
}
