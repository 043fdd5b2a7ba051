package io.flowtrace.analyzer.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;

/**
 * Calls kept as rows are compared from their rows ({@link SameRows}) as their nodes would be: on random calls of two
 * stores, {@link CallNode#sameCallAs} of the row nodes tells what it tells of copies of them kept as plain nodes.
 */
class SameRowsTest {
    private static final List<MethodInfo> METHODS = List.of(
            new MethodInfo(0, "a.A", "none", "()V", List.of(), 0),
            new MethodInfo(1, "a.A", "one", "(I)V", List.of(), 0),
            new MethodInfo(2, "a.A", "two", "(Ljava/lang/String;I)V", List.of(), 0));
    private static final String SEPARATOR = "\u001F";
    /** Texts that differ in a char, in length, in width and only across the 8-byte steps a comparison takes. */
    private static final String[] TEXTS = {null, "", "a", "b", "a" + SEPARATOR + "b", "ab", "h\u00e9", "h\u4e2d",
        "0123456789abcdef-x", "0123456789abcdef-y", "\"" + "z".repeat(40) + "\""};
    private static final String[] TYPES = {"java.lang.E1", "java.lang.E2"};
    private static final long[] IDENTITIES = {CallNode.NO_IDENTITY, 5, 6};

    /** A call as the test writes it: its own values and the calls it made; written once per store when shared. */
    private record Spec(int method, String arguments, boolean threw, String result, String type, String message,
            long identity, boolean shared, List<Spec> calls) {
    }

    @Test
    void rowsTellWhatNodesTellOfRandomCalls() {
        int same = 0;
        int differ = 0;
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            List<Spec> pool = new ArrayList<>();
            List<Spec> specsA = new ArrayList<>();
            List<Spec> specsB = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Spec spec = random(random, 0, pool);
                specsA.add(spec);
                specsB.add(random.nextInt(3) == 0 ? mutated(random, spec, pool) : spec);
            }
            CallRows a = new CallRows(METHODS::get);
            CallRows b = new CallRows(METHODS::get);
            List<CallNode> nodesA = nodes(a, specsA);
            List<CallNode> nodesB = nodes(b, specsB);
            for (List<CallNode> other : List.of(nodesB, nodesA)) {
                for (CallNode x : nodesA) {
                    for (CallNode y : other) {
                        boolean expected = copy(x).sameCallAs(copy(y));
                        assertEquals(expected, x.sameCallAs(y), "seed " + seed + ": " + x + " and " + y);
                        if (expected) {
                            same++;
                        } else {
                            differ++;
                        }
                    }
                }
            }
        }
        assertTrue(same > 1000 && differ > 1000, same + " same, " + differ + " differ");
    }

    @Test
    void anEmptyTextIsNoArgumentsOnlyForAMethodWithoutParameters() {
        // one id, a method without parameters in A and with one in B: "" is no arguments in A, one empty one in B
        CallRows a = new CallRows(id -> METHODS.get(0));
        CallRows b = new CallRows(id -> new MethodInfo(0, "a.A", "none", "(I)V", List.of(), 0));
        Spec empty = new Spec(0, "", false, null, null, null, CallNode.NO_IDENTITY, false, List.of());
        Spec one = new Spec(0, "1", false, null, null, null, CallNode.NO_IDENTITY, false, List.of());
        List<CallNode> x = nodes(a, List.of(empty, one));
        List<CallNode> y = nodes(b, List.of(empty, one));
        assertFalse(x.get(0).sameCallAs(y.get(0)));
        assertTrue(x.get(1).sameCallAs(y.get(1))); // calls without calls: a node each
    }

    @Test
    void anExceptionPassedOnToTheCallerIsNotOneCaughtThere() {
        // the same calls, but the inner exception is the outer one in A and another, equal one in B
        CallRows a = new CallRows(METHODS::get);
        CallRows b = new CallRows(METHODS::get);
        List<CallNode> x = nodes(a, List.of(thrower(5, 5)));
        List<CallNode> y = nodes(b, List.of(thrower(5, 6), thrower(6, 6)));
        assertFalse(x.get(0).sameCallAs(y.get(0)));
        assertTrue(x.get(0).sameCallAs(y.get(2))); // the nodes of the first call, its call, the second call
    }

    /** A call that threw an exception of that identity, in which a call threw one of {@code inner}. */
    private static Spec thrower(long inner, long outer) {
        Spec in = new Spec(1, "1", true, null, TYPES[0], "m", inner, false, List.of());
        return new Spec(0, "", true, null, TYPES[0], "m", outer, false, List.of(in));
    }

    private static Spec random(Random random, int depth, List<Spec> pool) {
        if (depth > 0 && !pool.isEmpty() && random.nextInt(4) == 0) {
            return pool.get(random.nextInt(pool.size())); // shared calls appear at many places
        }
        int count = depth >= 4 ? 0 : random.nextInt(4);
        List<Spec> calls = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            calls.add(random(random, depth + 1, pool));
        }
        boolean threw = random.nextInt(3) == 0;
        Spec spec = new Spec(random.nextInt(METHODS.size()), pick(random, TEXTS), threw,
                threw ? null : pick(random, TEXTS), threw ? pick(random, TYPES) : null,
                threw ? (random.nextBoolean() ? null : "m") : null,
                threw ? IDENTITIES[random.nextInt(IDENTITIES.length)] : CallNode.NO_IDENTITY,
                !threw && random.nextBoolean(), calls);
        if (spec.shared()) {
            pool.add(spec);
        }
        return spec;
    }

    /** The call with one value changed, at it or at a call below. */
    private static Spec mutated(Random random, Spec spec, List<Spec> pool) {
        if (!spec.calls().isEmpty() && random.nextBoolean()) {
            List<Spec> calls = new ArrayList<>(spec.calls());
            int k = random.nextInt(calls.size());
            calls.set(k, mutated(random, calls.get(k), pool));
            return with(spec, calls);
        }
        return switch (random.nextInt(7)) {
            case 0 -> new Spec((spec.method() + 1) % METHODS.size(), spec.arguments(), spec.threw(), spec.result(),
                    spec.type(), spec.message(), spec.identity(), spec.shared(), spec.calls());
            case 1 -> new Spec(spec.method(), pick(random, TEXTS), spec.threw(), spec.result(), spec.type(),
                    spec.message(), spec.identity(), spec.shared(), spec.calls());
            case 2 -> spec.threw() ? new Spec(spec.method(), spec.arguments(), true, null, pick(random, TYPES),
                    random.nextBoolean() ? null : "m", spec.identity(), false, spec.calls())
                    : new Spec(spec.method(), spec.arguments(), false, pick(random, TEXTS), null, null,
                            CallNode.NO_IDENTITY, spec.shared(), spec.calls());
            case 3 -> new Spec(spec.method(), spec.arguments(), spec.threw(), spec.result(), spec.type(),
                    spec.message(), IDENTITIES[random.nextInt(IDENTITIES.length)], spec.shared(), spec.calls());
            case 4 -> with(spec, spec.calls().isEmpty() ? List.of(random(random, 3, pool))
                    : spec.calls().subList(1, spec.calls().size()));
            case 5 -> spec.threw() ? new Spec(spec.method(), spec.arguments(), false, spec.type(), null, null,
                    CallNode.NO_IDENTITY, false, spec.calls())
                    : new Spec(spec.method(), spec.arguments(), true, null, TYPES[0], spec.result(), 5, false,
                            spec.calls());
            default -> random(random, 1, pool);
        };
    }

    private static Spec with(Spec spec, List<Spec> calls) {
        return new Spec(spec.method(), spec.arguments(), spec.threw(), spec.result(), spec.type(), spec.message(),
                spec.identity(), spec.shared(), calls);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Writes the calls into the rows and returns the node of each and of each call they made, rows mapped. */
    private static List<CallNode> nodes(CallRows rows, List<Spec> specs) {
        Map<Spec, Long> written = new IdentityHashMap<>();
        List<Long> tops = new ArrayList<>();
        for (Spec spec : specs) {
            tops.add(write(rows, spec, written));
        }
        rows.finish();
        List<CallNode> nodes = new ArrayList<>();
        for (long row : tops) {
            CallNode node = rows.node(row, null);
            nodes.add(node);
            nodes.addAll(node.children()); // their callers tell whether their exceptions passed on
        }
        return nodes;
    }

    private static long write(CallRows rows, Spec spec, Map<Spec, Long> written) {
        Long done = spec.shared() ? written.get(spec) : null;
        if (done != null) {
            return done;
        }
        long[] made = new long[spec.calls().size()];
        for (int k = 0; k < made.length; k++) {
            made[k] = write(rows, spec.calls().get(k), written);
        }
        // one hash for all: the rows, not the hashes, tell calls apart
        long row = spec.threw()
                ? rows.add(spec.method(), rows.text(spec.arguments()), Outcome.THREW, rows.text(spec.type()),
                        rows.text(spec.message()), spec.identity(), false, 1, 2, 0, 42, made, 0, made.length)
                : rows.add(spec.method(), rows.text(spec.arguments()), Outcome.RETURNED, rows.text(spec.result()), -1,
                        CallNode.NO_IDENTITY, spec.shared(), 1, 2, 0, 42, made, 0, made.length);
        if (spec.shared()) {
            written.put(spec, row);
        }
        return row;
    }

    /** The node and the calls below as plain nodes, below copies of its callers: compared node by node. */
    private static CallNode copy(CallNode node) {
        List<CallNode> callers = new ArrayList<>();
        for (CallNode c = node.parent(); c != null; c = c.parent()) {
            callers.add(0, c);
        }
        CallNode parent = null;
        for (CallNode caller : callers) {
            CallNode c = plain(caller, parent);
            if (parent != null) {
                parent.addChild(c);
            }
            parent = c;
        }
        return copyBelow(node, parent);
    }

    private static CallNode copyBelow(CallNode node, CallNode parent) {
        CallNode c = plain(node, parent);
        for (CallNode child : node.children()) {
            c.addChild(copyBelow(child, c));
        }
        return c;
    }

    private static CallNode plain(CallNode node, CallNode parent) {
        CallNode c = new CallNode(node.method(), node.arguments(), parent, node.startNanos(), node.enterLost());
        ExceptionInfo exception = node.exception();
        if (exception != null) {
            c.threw(node.endNanos(), exception, node.exceptionIdentity());
        } else {
            c.finish(node.outcome(), node.endNanos(), node.result(), null);
        }
        if (node.isShared()) {
            c.markShared();
        }
        return c;
    }
}
