package io.flowtrace.analyzer.methods;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * One row per traced method of a recording, like JDK 25's {@code jfr view method-timing} with FlowTrace's values:
 * calls, calls that threw, distinct argument lists, and with timing the total and self time. A shared call
 * ({@link CallNode#isShared()}, one node for many identical calls) counts as often as it was made, but is walked once.
 */
public final class MethodTable {
    /** Distinct argument lists kept per method; past it the count is a lower bound ({@link Row#distinctCapped}). */
    public static final int MAX_DISTINCT = 10_000;

    /** How the rows are ordered. */
    public enum Sort { CALLS, THREW, DISTINCT, TOTAL, SELF, NAME }

    /**
     * One method's figures.
     *
     * @param method          the method
     * @param calls           calls made, repeats of shared calls counted
     * @param threw           calls that ended with an exception
     * @param distinct        distinct argument lists, at most {@link #MAX_DISTINCT}; -1 when no call of the method
     *                        had its arguments recorded (JDK method tracing, {@code --values none})
     * @param distinctCapped  true when there were more than {@link #MAX_DISTINCT}
     * @param totalNanos      time in the method's calls, callees included; -1 when not timed
     * @param selfNanos       time in the method's calls less the time in the traced calls they made; -1 when not
     *                        timed
     */
    public record Row(MethodInfo method, long calls, long threw, int distinct, boolean distinctCapped,
            long totalNanos, long selfNanos) {
    }

    private final List<Row> rows;
    private final boolean timed;

    private MethodTable(List<Row> rows, boolean timed) {
        this.rows = List.copyOf(rows);
        this.timed = timed;
    }

    /** The rows, in the order asked for. */
    public List<Row> rows() {
        return rows;
    }

    /** True when the recording had call durations (read with timing): the time columns mean something. */
    public boolean timed() {
        return timed;
    }

    /**
     * Sums up the calls of the threads the filter shows whose methods it shows (hidden calls are not counted, their
     * callees are).
     *
     * @param timing whether the trace was read with every call's own duration (not shared): only then are the time
     *               columns filled
     */
    public static MethodTable of(TraceData trace, CallFilter filter, Sort sort, boolean timing) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(filter, "filter");
        Map<Integer, Sums> sums = new HashMap<>();
        boolean[] timed = {false};
        if (!timing && (sort == Sort.TOTAL || sort == Sort.SELF)) {
            throw new IllegalArgumentException("sorting by time needs a trace read with timing");
        }
        for (ThreadTrace thread : trace.threads()) {
            if (filter.showsThread(thread)) {
                walk(thread.roots(), (call, weight) -> {
                    if (filter.showsAllCalls() || filter.showsCall(call)) {
                        timed[0] |= sums.computeIfAbsent(call.method().id(), id -> new Sums(call.method()))
                                .add(call, weight) && timing;
                    }
                });
            }
        }
        List<Row> rows = new ArrayList<>(sums.size());
        for (Sums s : sums.values()) {
            rows.add(s.row(timed[0]));
        }
        rows.sort(order(sort));
        return new MethodTable(rows, timed[0]);
    }

    private static Comparator<Row> order(Sort sort) {
        Comparator<Row> byName = Comparator.comparing((Row r) -> r.method().className())
                .thenComparing(r -> r.method().name()).thenComparing(r -> r.method().descriptor());
        Comparator<Row> first = switch (sort) {
            case CALLS -> Comparator.comparingLong(Row::calls).reversed();
            case THREW -> Comparator.comparingLong(Row::threw).reversed();
            case DISTINCT -> Comparator.comparingInt(Row::distinct).reversed();
            case TOTAL -> Comparator.comparingLong(Row::totalNanos).reversed();
            case SELF -> Comparator.comparingLong(Row::selfNanos).reversed();
            case NAME -> byName;
        };
        return first.thenComparing(byName);
    }

    /** Visits every call once with the number of times it was made: 1, or more for shared calls. */
    interface Visitor {
        void visit(CallNode call, long weight);
    }

    /**
     * Walks the calls below the roots, each node once. A shared node is visited when all the nodes that hold it
     * have been, with the sum of their weights; iterative, so recursion of any depth is walked.
     */
    static void walk(List<CallNode> roots, Visitor visitor) {
        SharedWeights shared = new SharedWeights();
        Deque<CallNode> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) { // count the holders of each shared node, walking each node once
            CallNode node = todo.pop();
            for (CallNode child : node.children()) {
                if (!child.isShared() || shared.addHolder(child)) {
                    todo.push(child);
                }
            }
        }
        record Visit(CallNode node, long weight) {
        }
        Deque<Visit> visits = new ArrayDeque<>();
        for (CallNode root : roots) {
            visits.push(new Visit(root, 1));
        }
        while (!visits.isEmpty()) {
            Visit visit = visits.pop();
            visitor.visit(visit.node(), visit.weight());
            for (CallNode child : visit.node().children()) {
                if (!child.isShared()) {
                    visits.push(new Visit(child, visit.weight()));
                } else {
                    long weight = shared.visitFromHolder(child, visit.weight());
                    if (weight >= 0) {
                        visits.push(new Visit(child, weight));
                    }
                }
            }
        }
    }

    /** The running sums of one method. */
    private static final class Sums {
        final MethodInfo method;
        long calls;
        long threw;
        final DistinctArguments arguments = new DistinctArguments(MAX_DISTINCT);
        boolean argumentsRecorded;
        long total;
        long self;

        Sums(MethodInfo method) {
            this.method = method;
        }

        /** Adds a call made {@code weight} times; returns whether it had a duration. */
        boolean add(CallNode call, long weight) {
            calls += weight;
            if (call.outcome() == Outcome.THREW) {
                threw += weight;
            }
            if (call.arguments() != null) { // else not recorded: counts for nothing
                arguments.add(call.arguments());
                argumentsRecorded = true;
            }
            if (call.duration() == null) {
                return false;
            }
            long nanos = call.duration().toNanos();
            long callees = 0;
            for (CallNode child : call.children()) {
                callees += child.duration() == null ? 0 : child.duration().toNanos();
            }
            total += nanos * weight;
            self += Math.max(0, nanos - callees) * weight;
            return true;
        }

        Row row(boolean timed) {
            return new Row(method, calls, threw, argumentsRecorded ? arguments.size() : -1, arguments.capped(),
                    timed ? total : -1, timed ? self : -1);
        }
    }
}
