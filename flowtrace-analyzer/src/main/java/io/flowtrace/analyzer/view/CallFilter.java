package io.flowtrace.analyzer.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ThreadTrace;

/**
 * Which threads and calls to show, and how deep.
 *
 * <ul>
 * <li>Includes: when any are given, only calls of matching methods are shown.
 * <li>Excludes: calls of matching methods are not shown.
 * <li>A call that is not shown does not hide its calls: they move up to the nearest shown caller, so a noisy
 * wrapper can be hidden without losing what it called.
 * <li>Threads: when any are given, only threads whose name equals one, or matches one used as a glob with
 * {@code *}, are shown.
 * <li>Depth: only this many levels of shown calls below the thread.
 * </ul>
 *
 * Instances are immutable; build them with {@link #builder()}.
 */
public final class CallFilter {
    /** Depth meaning "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Shows everything. */
    public static final CallFilter NONE = builder().build();

    private final List<MethodPattern> includes;
    private final List<MethodPattern> excludes;
    private final List<String> threads;
    private final List<Pattern> threadPatterns;
    private final int depth;

    private CallFilter(Builder b) {
        this.includes = List.copyOf(b.includes);
        this.excludes = List.copyOf(b.excludes);
        this.threads = List.copyOf(b.threads);
        List<Pattern> patterns = new ArrayList<>();
        for (String t : threads) {
            patterns.add(glob(t));
        }
        this.threadPatterns = List.copyOf(patterns);
        this.depth = b.depth;
    }

    /** An exact name, or a glob where {@code *} matches any characters. */
    private static Pattern glob(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\*", -1)) {
            parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this filter's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.includes.addAll(includes);
        b.excludes.addAll(excludes);
        b.threads.addAll(threads);
        b.depth = depth;
        return b;
    }

    public List<MethodPattern> includes() {
        return includes;
    }

    public List<MethodPattern> excludes() {
        return excludes;
    }

    /** Thread names or globs; empty for all threads. */
    public List<String> threads() {
        return threads;
    }

    /** Levels of calls shown below a thread; {@link #UNLIMITED} for all. */
    public int depth() {
        return depth;
    }

    /** True when the thread is selected by name (its calls may still all be filtered out). */
    public boolean showsThread(ThreadTrace thread) {
        if (threadPatterns.isEmpty()) {
            return true;
        }
        for (Pattern p : threadPatterns) {
            if (p.matcher(thread.name()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** True when the call itself is shown (its callees are decided on their own). */
    public boolean showsCall(CallNode call) {
        if (!includes.isEmpty()) {
            boolean included = false;
            for (MethodPattern p : includes) {
                if (p.matches(call.method())) {
                    included = true;
                    break;
                }
            }
            if (!included) {
                return false;
            }
        }
        for (MethodPattern p : excludes) {
            if (p.matches(call.method())) {
                return false;
            }
        }
        return true;
    }

    /** True when every call is shown, so callers can skip the lifting walk. */
    public boolean showsAllCalls() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    /** The shown top-level calls of a thread, in order (calls of hidden roots moved up). */
    public List<CallNode> shownRoots(ThreadTrace thread) {
        return shown(thread.roots());
    }

    /** The shown calls directly below a call, in order (calls of hidden callees moved up). */
    public List<CallNode> shownChildren(CallNode call) {
        return shown(call.children());
    }

    private List<CallNode> shown(List<CallNode> nodes) {
        if (showsAllCalls()) {
            return nodes;
        }
        List<CallNode> out = new ArrayList<>();
        // Depth-first, in order, through hidden calls only; iterative so hidden recursion of any depth works.
        Deque<Iterator<CallNode>> stack = new ArrayDeque<>();
        stack.push(nodes.iterator());
        while (!stack.isEmpty()) {
            Iterator<CallNode> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                continue;
            }
            CallNode n = it.next();
            if (showsCall(n)) {
                out.add(n);
            } else if (!n.children().isEmpty()) {
                stack.push(n.children().iterator());
            }
        }
        return out;
    }

    /** Number of shown calls below a call, at any depth. */
    public long countShownBelow(CallNode call) {
        long count = 0;
        Deque<CallNode> stack = new ArrayDeque<>(call.children());
        boolean all = showsAllCalls();
        while (!stack.isEmpty()) {
            CallNode n = stack.pop();
            if (all || showsCall(n)) {
                count++;
            }
            for (CallNode c : n.children()) {
                stack.push(c);
            }
        }
        return count;
    }

    /** Number of shown calls of a thread, at any depth. */
    public long countShown(ThreadTrace thread) {
        long count = 0;
        for (CallNode root : thread.roots()) {
            count += (showsCall(root) ? 1 : 0) + countShownBelow(root);
        }
        return count;
    }

    /** Builds a {@link CallFilter}. */
    public static final class Builder {
        private final List<MethodPattern> includes = new ArrayList<>();
        private final List<MethodPattern> excludes = new ArrayList<>();
        private final List<String> threads = new ArrayList<>();
        private int depth = UNLIMITED;

        private Builder() {
        }

        /** Shows only calls matching this or another include. */
        public Builder include(MethodPattern pattern) {
            includes.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /**
         * Parses and adds an include.
         *
         * @throws IllegalArgumentException when the pattern is invalid
         */
        public Builder include(String pattern) {
            return include(MethodPattern.parse(pattern));
        }

        /** Hides calls matching the pattern; their calls move up. */
        public Builder exclude(MethodPattern pattern) {
            excludes.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /**
         * Parses and adds an exclude.
         *
         * @throws IllegalArgumentException when the pattern is invalid
         */
        public Builder exclude(String pattern) {
            return exclude(MethodPattern.parse(pattern));
        }

        /** Shows only threads with this exact name, or matching it as a glob with {@code *}, or another one. */
        public Builder thread(String nameOrGlob) {
            threads.add(Objects.requireNonNull(nameOrGlob, "nameOrGlob"));
            return this;
        }

        /**
         * Limits the levels of calls shown below a thread.
         *
         * @param depth at least 1, or {@link #UNLIMITED}
         * @throws IllegalArgumentException when {@code depth < 1}
         */
        public Builder depth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("invalid depth " + depth + ": must be at least 1");
            }
            this.depth = depth;
            return this;
        }

        public CallFilter build() {
            return new CallFilter(this);
        }
    }
}
