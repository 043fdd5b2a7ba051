package io.flowtrace.analyzer.view;

import java.util.ArrayList;
import java.util.List;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.view.Folding.Run;

/**
 * Collapses the two shapes that make a default tree unreadable into one line each: a recursion (a method that calls
 * itself, directly or through one or two other methods, many levels deep) and a loop (many consecutive calls of one
 * method with different arguments). What they stand for is counted, never dropped silently.
 */
public final class Collapsing {
    /** Levels of recursion past which the levels between the outermost and the innermost calls are collapsed. */
    public static final int RECURSION_LEVELS = 12;
    /** Innermost levels of a collapsed recursion that are still drawn. */
    public static final int INNERMOST_LEVELS = 3;
    /** Consecutive calls of one method past which they are collapsed into one line. */
    public static final int LOOP_CALLS = 20;
    /** The longest cycle of methods that counts as recursion: m → m, m → n → m, m → n → o → m. */
    private static final int MAX_CYCLE = 3;
    /** Children looked at for each step of a cycle, so that a wide call is not searched whole. */
    private static final int SEARCH_WIDTH = 8;

    private Collapsing() {
    }

    /**
     * The collapsed levels of a recursion below a call.
     *
     * @param first     the call below the outer one where the collapsed levels begin
     * @param innermost the outermost of the innermost calls still drawn, below this line
     * @param method    the recursive method's display name
     * @param levels    levels of calls collapsed (from {@code first} down to above {@code innermost})
     * @param calls     shown calls collapsed, the recursive ones and all the others in between
     */
    public record Recursion(CallNode first, CallNode innermost, String method, long levels, long calls) {
    }

    /**
     * Consecutive calls of one method, drawn as their first and last call and a count.
     *
     * @param runs the runs of calls, at least {@link #LOOP_CALLS} calls in all
     */
    public record Loop(List<Run> runs) {
        public CallNode first() {
            return runs.get(0).call();
        }

        public CallNode last() {
            return runs.get(runs.size() - 1).call();
        }

        /** Calls in the loop, repeats counted. */
        public long count() {
            long n = 0;
            for (Run run : runs) {
                n += run.count();
            }
            return n;
        }
    }

    /**
     * Runs of calls with the loops among them collapsed: {@link #LOOP_CALLS} or more consecutive runs of the same
     * method become one {@link Loop}.
     */
    public static List<Object> loops(List<Run> runs) {
        List<Object> out = new ArrayList<>(runs.size());
        int i = 0;
        while (i < runs.size()) {
            int method = runs.get(i).call().method().id();
            int j = i + 1;
            while (j < runs.size() && runs.get(j).call().method().id() == method) {
                j++;
            }
            if (j - i >= LOOP_CALLS) {
                out.add(new Loop(List.copyOf(runs.subList(i, j))));
            } else {
                out.addAll(runs.subList(i, j));
            }
            i = j;
        }
        return out;
    }

    /**
     * The recursion below {@code call} to collapse, or null when there is none deep enough: the chain of calls of
     * the same method, each found within {@value #MAX_CYCLE} levels below the previous one.
     *
     * @param tree what is shown (hidden calls, tasks moved to their forks)
     */
    public static Recursion recursion(AsyncTree tree, CallNode call) {
        int method = call.method().id();
        List<CallNode> chain = new ArrayList<>();
        List<CallNode> heads = new ArrayList<>(); // the child of each chain call on the way to the next one
        CallNode at = call;
        long levels = 0;
        while (true) {
            CallNode[] path = nextOf(tree, at, method);
            if (path == null) {
                break;
            }
            heads.add(path[0]);
            chain.add(path[path.length - 1]);
            levels += path.length;
            at = path[path.length - 1];
        }
        if (levels < RECURSION_LEVELS || chain.size() <= INNERMOST_LEVELS) {
            return null;
        }
        CallNode innermost = chain.get(chain.size() - INNERMOST_LEVELS);
        CallNode first = heads.get(0);
        long collapsedLevels = innermost.depth() - first.depth();
        // the calls under the first collapsed one, less the innermost call and those under it, which are drawn
        long calls = tree.countCallsBelow(first) - tree.countCallsBelow(innermost);
        return new Recursion(first, innermost, call.method().displayName(), collapsedLevels, calls);
    }

    /**
     * The path from a call down to the next call of {@code method}, at most {@value #MAX_CYCLE} long; or null. A call
     * that calls the method more than once (fib) is a tree, not a chain: it is not collapsed.
     */
    private static CallNode[] nextOf(AsyncTree tree, CallNode from, int method) {
        CallNode direct = null;
        for (Object item : tree.items(from)) {
            if (item instanceof CallNode c && c.method().id() == method) {
                if (direct != null) {
                    return null;
                }
                direct = c;
            }
        }
        if (direct != null) {
            return new CallNode[] {direct};
        }
        for (int length = 2; length <= MAX_CYCLE; length++) {
            CallNode[] path = new CallNode[length];
            if (search(tree, from, method, path, 0)) {
                return path;
            }
        }
        return null;
    }

    private static boolean search(AsyncTree tree, CallNode from, int method, CallNode[] path, int at) {
        List<Object> items = tree.items(from);
        int looked = 0;
        for (Object item : items) {
            if (!(item instanceof CallNode c)) {
                continue;
            }
            if (++looked > SEARCH_WIDTH) {
                return false;
            }
            path[at] = c;
            boolean last = at == path.length - 1;
            if (last ? c.method().id() == method : c.method().id() != method && search(tree, c, method, path, at + 1)) {
                return true;
            }
        }
        return false;
    }
}
