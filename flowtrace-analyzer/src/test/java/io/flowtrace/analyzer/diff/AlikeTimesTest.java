package io.flowtrace.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.CallTimes;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import org.junit.jupiter.api.Test;

class AlikeTimesTest {
    private static final long THRESHOLD = 1_000_000;
    private static final MethodInfo METHOD = new MethodInfo(1, "demo.Work", "step", "(I)V", List.of(), 0);

    @Test
    void findsTheOneCallThatTookLongerAtAnyDepth() {
        Tree tree = Tree.random(new Random(1), 300);
        long[] durations = tree.durations(new Random(2));
        long[] slower = durations.clone();
        int deep = tree.deepest();
        slower[deep] += 2 * THRESHOLD;
        List<CallNode[]> pairs = tree.pairs(durations, slower);

        AlikeTimes alike = new AlikeTimes(THRESHOLD);
        for (CallNode[] pair : pairs) { // as the differ goes: depth first, the caller before its calls
            assertEquals(expected(pair[0], pair[1]), alike.alike(pair[0], pair[1]),
                    pair[0] + " at " + pair[0].placeNumber());
        }
        assertFalse(alike.alike(pairs.get(0)[0], pairs.get(0)[1]), "the root's subtree holds the slower call");
    }

    @Test
    void answersAsAScanWouldInAnyOrder() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            Tree tree = Tree.random(random, 2 + random.nextInt(200));
            long[] a = tree.durations(random);
            long[] b = a.clone();
            for (int k = random.nextInt(4); k > 0; k--) { // a few calls took another time, some within the threshold
                int at = random.nextInt(b.length);
                b[at] += (random.nextBoolean() ? 1 : -1) * random.nextInt((int) (3 * THRESHOLD));
            }
            List<CallNode[]> pairs = tree.pairs(a, b);
            Collections.shuffle(pairs, random);
            AlikeTimes alike = new AlikeTimes(THRESHOLD);
            for (CallNode[] pair : pairs) {
                assertEquals(expected(pair[0], pair[1]), alike.alike(pair[0], pair[1]), "round " + round);
            }
        }
    }

    @Test
    void aCallOfUnknownDurationIsAlikeAsTheDifferComparesIt() {
        Tree tree = Tree.random(new Random(4), 20);
        long[] a = tree.durations(new Random(5));
        long[] b = a.clone();
        b[3] = -1; // its end unknown
        List<CallNode[]> pairs = tree.pairs(a, b);
        assertTrue(new AlikeTimes(THRESHOLD).alike(pairs.get(0)[0], pairs.get(0)[1]));
    }

    /** Whether every call of the two subtrees took a time within the threshold, by walking them. */
    private static boolean expected(CallNode a, CallNode b) {
        if (a.duration() != null && b.duration() != null
                && Math.abs(a.duration().toNanos() - b.duration().toNanos()) > THRESHOLD) {
            return false;
        }
        for (int i = 0; i < a.children().size(); i++) {
            if (!expected(a.children().get(i), b.children().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** One tree of calls, placed twice with two sets of durations, as two timed readings of the same run. */
    private record Tree(CallNode root, Map<CallNode, Long> below, List<CallNode> postOrder) {
        static Tree random(Random random, int calls) {
            CallNode root = call(null);
            List<CallNode> all = new ArrayList<>(List.of(root));
            for (int i = 1; i < calls; i++) {
                CallNode parent = all.get(random.nextInt(all.size()));
                CallNode child = call(parent);
                parent.addChild(child);
                all.add(child);
            }
            Map<CallNode, Long> below = new IdentityHashMap<>();
            List<CallNode> postOrder = new ArrayList<>();
            count(root, below, postOrder);
            return new Tree(root, below, postOrder);
        }

        private static CallNode call(CallNode parent) {
            CallNode call = new CallNode(METHOD, List.of("1"), parent, 0, false);
            call.finish(Outcome.RETURNED, 0, null, null);
            return call;
        }

        private static long count(CallNode node, Map<CallNode, Long> below, List<CallNode> postOrder) {
            long n = 0;
            for (CallNode child : node.children()) {
                n += count(child, below, postOrder) + 1;
            }
            below.put(node, n);
            postOrder.add(node);
            return n;
        }

        /** Durations by the calls' numbers (the order they ended). */
        long[] durations(Random random) {
            long[] durations = new long[postOrder.size()];
            for (int i = 0; i < durations.length; i++) {
                durations[i] = random.nextInt((int) (5 * THRESHOLD));
            }
            return durations;
        }

        /** The number of a call with the most calls above it. */
        int deepest() {
            int best = 0;
            int bestDepth = -1;
            for (int i = 0; i < postOrder.size(); i++) {
                if (postOrder.get(i).depth() > bestDepth) {
                    bestDepth = postOrder.get(i).depth();
                    best = i;
                }
            }
            return best;
        }

        /** Every pair of counterpart calls of the two placements, callers before their calls. */
        List<CallNode[]> pairs(long[] a, long[] b) {
            CallNode rootA = CallNode.placed(List.of(root), times(a)).get(0);
            CallNode rootB = CallNode.placed(List.of(root), times(b)).get(0);
            List<CallNode[]> pairs = new ArrayList<>();
            collect(rootA, rootB, pairs);
            return pairs;
        }

        private static void collect(CallNode a, CallNode b, List<CallNode[]> pairs) {
            pairs.add(new CallNode[] {a, b});
            for (int i = 0; i < a.children().size(); i++) {
                collect(a.children().get(i), b.children().get(i), pairs);
            }
        }

        private CallTimes times(long[] durations) {
            return new CallTimes() {
                @Override
                public long startNanos(long index) {
                    return 1_000_000_000L * index;
                }

                @Override
                public long endNanos(long index) {
                    long d = durations[(int) index];
                    return d < 0 ? -1 : startNanos(index) + d;
                }

                @Override
                public long callsBelow(CallNode node) {
                    return below.get(node);
                }
            };
        }
    }
}
