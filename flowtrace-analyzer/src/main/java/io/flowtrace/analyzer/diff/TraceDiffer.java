package io.flowtrace.analyzer.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.flowtrace.analyzer.diff.DiffNode.Change;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.Folding;
import io.flowtrace.analyzer.view.Folding.Run;

/**
 * Compares the behaviour recorded in two traces, A and B, and builds a {@link DiffModel}.
 *
 * <ul>
 * <li>Threads are matched by role ({@link ThreadRoles}), not by id or generated number. When each side has one
 * thread of a role, their top-level calls are aligned in order. When a side has several (a pool's workers), the
 * top-level calls of all of them are compared as a multiset: equal calls pair up whichever worker ran them, so a
 * different interleaving is no difference; only the calls left over are aligned.
 * <li>Calls are matched within their caller: runs of identical siblings are folded ({@link Folding}) and aligned
 * by method and arguments ({@link SequenceAligner}); calls left over between two matches are then aligned by
 * method alone, so a call whose arguments changed is one changed call, not one removed and one added.
 * <li>Matched calls are compared on arguments, outcome, result, exception, repeat count and (when asked)
 * duration. Subtrees that are identical in both are not walked twice ({@link CallNode#sameCallAs}), and
 * unchanged calls are kept only as counts, so memory grows with the differences, not with the recordings.
 * </ul>
 * Everything is iterative, so call trees of any depth can be compared. Not thread-safe; use one per diff.
 */
public final class TraceDiffer {
    private final DiffOptions options;
    private final CallFilter filter;
    /** {@code class.name(descriptor)}: method ids differ between recordings, these names do not. */
    private final Map<MethodInfo, String> methodKeys = new HashMap<>();
    private long added;
    private long removed;
    private long changed;

    public TraceDiffer(DiffOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.filter = options.filter();
    }

    /** Compares {@code a} (before) with {@code b} (after). */
    public DiffModel diff(TraceData a, TraceData b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        added = 0;
        removed = 0;
        changed = 0;
        Map<String, List<ThreadTrace>> rolesA = roles(a);
        Map<String, List<ThreadTrace>> rolesB = roles(b);
        List<String> order = new ArrayList<>(rolesA.keySet());
        for (String role : rolesB.keySet()) {
            if (!rolesA.containsKey(role)) {
                order.add(role);
            }
        }
        List<GroupDiff> groups = new ArrayList<>();
        for (String role : order) {
            groups.add(group(role, rolesA.getOrDefault(role, List.of()), rolesB.getOrDefault(role, List.of())));
        }
        return new DiffModel(groups, added, removed, changed);
    }

    private Map<String, List<ThreadTrace>> roles(TraceData trace) {
        Map<String, List<ThreadTrace>> roles = new LinkedHashMap<>();
        for (ThreadTrace t : trace.threads()) {
            if (filter.showsThread(t)) {
                roles.computeIfAbsent(ThreadRoles.role(t.name()), r -> new ArrayList<>()).add(t);
            }
        }
        return roles;
    }

    private GroupDiff group(String role, List<ThreadTrace> as, List<ThreadTrace> bs) {
        // sorted: which worker of a pool started first differs from run to run
        List<String> namesA = as.stream().map(ThreadTrace::name).sorted().toList();
        List<String> namesB = bs.stream().map(ThreadTrace::name).sorted().toList();
        boolean ordered = as.size() <= 1 && bs.size() <= 1;
        List<CallNode> rootsA = roots(as);
        List<CallNode> rootsB = roots(bs);
        List<DiffNode> top = ordered ? align(rootsA, rootsB) : matchAsMultiset(rootsA, rootsB);
        String label = ordered && (namesA.isEmpty() || namesB.isEmpty() || namesA.equals(namesB))
                ? (namesA.isEmpty() ? namesB : namesA).get(0) : role;
        return new GroupDiff(GroupDiff.Kind.THREAD, label, namesA, namesB, ordered, descend(top));
    }

    private List<CallNode> roots(List<ThreadTrace> threads) {
        List<CallNode> roots = new ArrayList<>();
        for (ThreadTrace t : threads) {
            roots.addAll(filter.shownRoots(t));
        }
        return roots;
    }

    /**
     * Pairs top-level calls that are equal as compared (same fingerprint), whichever thread ran them; aligns the
     * rest in the order they appear.
     */
    private List<DiffNode> matchAsMultiset(List<CallNode> a, List<CallNode> b) {
        Map<Long, ArrayDeque<CallNode>> byFingerprint = new HashMap<>();
        for (CallNode call : a) {
            byFingerprint.computeIfAbsent(fingerprint(call), f -> new ArrayDeque<>()).add(call);
        }
        List<DiffNode> lines = new ArrayList<>();
        List<CallNode> restB = new ArrayList<>();
        Set<CallNode> paired = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CallNode call : b) {
            ArrayDeque<CallNode> same = byFingerprint.get(fingerprint(call));
            if (same == null || same.isEmpty()) {
                restB.add(call);
            } else {
                CallNode match = same.poll();
                paired.add(match);
                lines.add(DiffNode.matched(match, 1, call, 1));
            }
        }
        List<CallNode> restA = new ArrayList<>();
        for (CallNode call : a) {
            if (!paired.contains(call)) {
                restA.add(call);
            }
        }
        lines.addAll(align(restA, restB));
        return lines;
    }

    /** Key of the first alignment: method and arguments as compared. */
    private record Key(String method, List<String> args) {
    }

    /** Folds both sibling lists and aligns their runs, first by method and arguments, then by method alone. */
    private List<DiffNode> align(List<CallNode> callsA, List<CallNode> callsB) {
        List<Run> a = Folding.fold(callsA);
        List<Run> b = Folding.fold(callsB);
        int[] match = SequenceAligner.align(keys(a, true), keys(b, true));
        if (!options.ignoreArgs()) {
            matchLeftovers(a, b, match);
        }
        List<DiffNode> lines = new ArrayList<>(Math.max(a.size(), b.size()));
        int j = 0;
        for (int i = 0; i < a.size(); i++) {
            if (match[i] < 0) {
                lines.add(removed(a.get(i)));
                continue;
            }
            while (j < match[i]) {
                lines.add(added(b.get(j++)));
            }
            Run x = a.get(i);
            Run y = b.get(j++);
            lines.add(DiffNode.matched(x.call(), x.count(), y.call(), y.count()));
        }
        while (j < b.size()) {
            lines.add(added(b.get(j++)));
        }
        return lines;
    }

    /** Aligns by method alone the runs left between two matches (or before the first, after the last). */
    private void matchLeftovers(List<Run> a, List<Run> b, int[] match) {
        int i = 0;
        int j = 0;
        while (i <= a.size()) {
            int nextI = i;
            while (nextI < a.size() && match[nextI] < 0) {
                nextI++;
            }
            int nextJ = nextI < a.size() ? match[nextI] : b.size();
            if (nextI > i && nextJ > j) {
                int[] gap = SequenceAligner.align(keys(a.subList(i, nextI), false), keys(b.subList(j, nextJ), false));
                for (int k = 0; k < gap.length; k++) {
                    if (gap[k] >= 0) {
                        match[i + k] = j + gap[k];
                    }
                }
            }
            i = nextI + 1;
            j = nextJ + 1;
        }
    }

    private List<Object> keys(List<Run> runs, boolean withArgs) {
        List<Object> keys = new ArrayList<>(runs.size());
        for (Run run : runs) {
            String method = methodKey(run.call().method());
            keys.add(withArgs && !options.ignoreArgs() ? new Key(method, comparableArgs(run.call())) : method);
        }
        return keys;
    }

    private String methodKey(MethodInfo method) {
        return methodKeys.computeIfAbsent(method, m -> m.className() + "." + m.name() + m.descriptor());
    }

    private List<String> comparableArgs(CallNode call) {
        List<String> args = call.arguments();
        if (args == null || options.strictIdentities()) {
            return args;
        }
        List<String> out = new ArrayList<>(args.size());
        for (String arg : args) {
            out.add(options.comparable(arg));
        }
        return out;
    }

    private DiffNode added(Run run) {
        added += run.count() * (1 + filter.countShownBelow(run.call()));
        return DiffNode.added(run.call(), run.count());
    }

    private DiffNode removed(Run run) {
        removed += run.count() * (1 + filter.countShownBelow(run.call()));
        return DiffNode.removed(run.call(), run.count());
    }

    /** A level being compared: its lines, the next one to look at, and the matched call that owns them. */
    private static final class Level {
        final DiffNode owner;
        final List<DiffNode> lines;
        int next;

        Level(DiffNode owner, List<DiffNode> lines) {
            this.owner = owner;
            this.lines = lines;
        }
    }

    /**
     * Compares every matched line with its counterpart and, where the subtrees may differ, the calls below them,
     * depth first; keeps below each line only the differences and the context that leads to them.
     */
    private List<DiffNode> descend(List<DiffNode> top) {
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(null, top));
        while (true) {
            Level level = levels.peek();
            if (level.next < level.lines.size()) {
                DiffNode line = level.lines.get(level.next++);
                if (line.a() != null && line.b() != null) {
                    compare(line);
                    if (mayDifferBelow(line.a(), line.b())) {
                        levels.push(new Level(line, align(filter.shownChildren(line.a()),
                                filter.shownChildren(line.b()))));
                    }
                }
                continue;
            }
            levels.pop();
            List<DiffNode> kept = compact(level.lines);
            if (level.owner == null) {
                return kept;
            }
            if (kept.stream().anyMatch(DiffNode::differs)) {
                level.owner.children(kept);
                level.owner.context();
            }
        }
    }

    private boolean mayDifferBelow(CallNode a, CallNode b) {
        if (a.children().isEmpty() && b.children().isEmpty()) {
            return false;
        }
        // identical subtrees cannot differ, unless durations count or filters change what is compared
        return options.timing() || !filter.showsAllCalls() || !a.sameCallAs(b);
    }

    /** Merges consecutive unchanged lines into one unchanged stretch. */
    private static List<DiffNode> compact(List<DiffNode> lines) {
        List<DiffNode> kept = new ArrayList<>();
        long same = 0;
        for (DiffNode line : lines) {
            if (line.differs()) {
                if (same > 0) {
                    kept.add(DiffNode.unchanged(same));
                    same = 0;
                }
                kept.add(line);
            } else {
                same += line.isUnchangedStretch() ? line.sameCalls() : line.countB();
            }
        }
        if (same > 0) {
            kept.add(DiffNode.unchanged(same));
        }
        return kept;
    }

    /** Compares a matched call's own values (not the calls below it). */
    private void compare(DiffNode line) {
        CallNode a = line.a();
        CallNode b = line.b();
        if (line.countA() != line.countB()) {
            line.change(Change.COUNT);
        }
        if (!options.ignoreArgs() && !Objects.equals(comparableArgs(a), comparableArgs(b))) {
            line.change(Change.ARGS);
        }
        if (a.outcome() != b.outcome()) {
            line.change(Change.OUTCOME);
        } else if (a.outcome() == Outcome.THREW && !sameException(a.exception(), b.exception())) {
            line.change(Change.EXCEPTION);
        } else if (a.outcome() == Outcome.RETURNED && !options.ignoreResults()
                && !Objects.equals(options.comparable(a.result()), options.comparable(b.result()))) {
            line.change(Change.RESULT);
        }
        if (options.timing() && a.duration() != null && b.duration() != null
                && Math.abs(a.duration().toNanos() - b.duration().toNanos()) > options.timingThresholdNanos()) {
            line.change(Change.TIMING);
        }
        if (line.status() == DiffNode.Status.CHANGED) {
            changed++;
        }
    }

    private boolean sameException(ExceptionInfo a, ExceptionInfo b) {
        return Objects.equals(a.type(), b.type())
                && Objects.equals(options.comparable(a.message()), options.comparable(b.message()));
    }

    /** Hash of a call and the calls below it as compared by these options; equal calls hash equal. */
    private long fingerprint(CallNode root) {
        Deque<long[]> hashes = new ArrayDeque<>();
        Deque<Iterator<CallNode>> below = new ArrayDeque<>();
        hashes.push(new long[] {ownHash(root)});
        below.push(filter.shownChildren(root).iterator());
        while (true) {
            Iterator<CallNode> it = below.peek();
            if (it.hasNext()) {
                CallNode c = it.next();
                hashes.push(new long[] {ownHash(c)});
                below.push(filter.shownChildren(c).iterator());
                continue;
            }
            below.pop();
            long h = mix(hashes.pop()[0]);
            if (hashes.isEmpty()) {
                return h;
            }
            long[] parent = hashes.peek();
            parent[0] = parent[0] * 1_000_003L + h;
        }
    }

    private long ownHash(CallNode call) {
        long h = methodKey(call.method()).hashCode();
        if (!options.ignoreArgs()) {
            h = h * 31 + Objects.hashCode(comparableArgs(call));
        }
        h = h * 31 + call.outcome().ordinal();
        if (!options.ignoreResults()) {
            h = h * 31 + Objects.hashCode(options.comparable(call.result()));
        }
        ExceptionInfo e = call.exception();
        if (e != null) {
            h = h * 31 + e.type().hashCode();
            h = h * 31 + Objects.hashCode(options.comparable(e.message()));
        }
        return h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
