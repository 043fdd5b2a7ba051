package io.flowtrace.analyzer.diff;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.flowtrace.analyzer.diff.DiffItems.Entry;
import io.flowtrace.analyzer.diff.DiffNode.Change;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.TaskInfo;
import io.flowtrace.analyzer.model.TaskOutcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.view.CallFilter;

/**
 * Compares the behaviour recorded in two traces, A and B, and builds a {@link DiffModel}.
 *
 * <ul>
 * <li>Tasks are matched by fork site: each task is compared where {@code flowtrace tree} shows it, at its fork
 * among the calls of the call that forked it ({@link io.flowtrace.analyzer.view.AsyncTree}), with the calls it
 * made below it, whichever thread ran it and whenever it ran. So the forking call path, the task's place among
 * the calls and forks of that call, and its kind say which task is which; the thread it ran on does not count,
 * nor how tasks on different threads interleaved. Joins and checkpoints are not compared.
 * <li>Threads are matched by role ({@link ThreadRoles}), not by id or generated number; a thread whose calls were
 * all tasks shown at their forks has nothing left to compare. When each side has one thread of a role, their
 * top-level calls are aligned in order. When a side has several (a pool's workers), the top-level calls of all of
 * them are compared as a multiset: equal calls pair up whichever worker ran them, so a different interleaving is
 * no difference; only the calls left over are aligned.
 * <li>Calls and forks are matched within their caller: runs of identical sibling calls are folded
 * ({@link io.flowtrace.analyzer.view.Folding}) and aligned by method and arguments (a fork: by kind and the
 * calls of its task) with {@link SequenceAligner}; calls left over between two matches are then aligned by
 * method alone (forks: any with any), so a call whose arguments changed is one changed call, not one removed and
 * one added.
 * <li>Matched calls are compared on arguments, outcome, result, exception, repeat count and (when asked)
 * duration; matched tasks on kind, outcome, result, exception and (when asked) duration. Subtrees that are
 * identical in both are not walked twice ({@link CallNode#sameCallAs}), and unchanged calls are kept only as
 * counts, so memory grows with the differences, not with the recordings.
 * </ul>
 * Everything is iterative, so call trees of any depth can be compared. Not thread-safe; use one per diff.
 */
public final class TraceDiffer {
    private final DiffOptions options;
    private final CallFilter filter;
    private final DiffItems items;
    /** {@code class.name(descriptor)}: method ids differ between recordings, these names do not. */
    private final Map<MethodInfo, String> methodKeys = new HashMap<>();
    /**
     * Pairs of shared calls ({@link CallNode#isShared()}, one node for many identical calls) whose calls below
     * were found the same: a shared pair recurs wherever both calls were made, and is compared once.
     */
    private final Set<SharedPair> samePairs = new HashSet<>();
    private final AlikeTimes alikeTimes;
    private long added;
    private long removed;
    private long changed;
    private long tasksAdded;
    private long tasksRemoved;
    private long tasksChanged;

    public TraceDiffer(DiffOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.filter = options.filter();
        this.items = new DiffItems(filter);
        this.alikeTimes = new AlikeTimes(options.timingThresholdNanos());
    }

    /** Compares {@code a} (before) with {@code b} (after). */
    public DiffModel diff(TraceData a, TraceData b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        added = 0;
        removed = 0;
        changed = 0;
        tasksAdded = 0;
        tasksRemoved = 0;
        tasksChanged = 0;
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
        return new DiffModel(groups, added, removed, changed, tasksAdded, tasksRemoved, tasksChanged);
    }

    private Map<String, List<ThreadTrace>> roles(TraceData trace) {
        Map<String, List<ThreadTrace>> roles = new LinkedHashMap<>();
        for (ThreadTrace t : trace.threads()) {
            // a thread that only ran tasks shown at their forks is compared there
            if (filter.showsThread(t) && !items.shownElsewhere(t)) {
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
        List<Object> rootsA = roots(as);
        List<Object> rootsB = roots(bs);
        List<DiffNode> top = ordered ? align(rootsA, rootsB) : matchAsMultiset(rootsA, rootsB);
        String label = ordered && (namesA.isEmpty() || namesB.isEmpty() || namesA.equals(namesB))
                ? (namesA.isEmpty() ? namesB : namesA).get(0) : role;
        return new GroupDiff(GroupDiff.Kind.THREAD, label, namesA, namesB, ordered, descend(top));
    }

    private List<Object> roots(List<ThreadTrace> threads) {
        List<Object> roots = new ArrayList<>();
        for (ThreadTrace t : threads) {
            roots.addAll(items.top(t));
        }
        return roots;
    }

    /**
     * Pairs top-level calls that are equal as compared (same fingerprint), whichever thread ran them; aligns the
     * rest in the order they appear.
     */
    private List<DiffNode> matchAsMultiset(List<Object> a, List<Object> b) {
        Map<Long, ArrayDeque<Object>> byFingerprint = new HashMap<>();
        for (Object call : a) {
            byFingerprint.computeIfAbsent(fingerprint(call), f -> new ArrayDeque<>()).add(call);
        }
        List<DiffNode> lines = new ArrayList<>();
        List<Object> restB = new ArrayList<>();
        Set<Object> paired = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object call : b) {
            ArrayDeque<Object> same = byFingerprint.get(fingerprint(call));
            if (same == null || same.isEmpty()) {
                restB.add(call);
            } else {
                Object match = same.poll();
                paired.add(match);
                lines.add(DiffNode.matched(new Entry(match, 1), new Entry(call, 1)));
            }
        }
        List<Object> restA = new ArrayList<>();
        for (Object call : a) {
            if (!paired.contains(call)) {
                restA.add(call);
            }
        }
        lines.addAll(align(restA, restB));
        return lines;
    }

    /** Two shared calls, one of A and one of B, by identity. */
    private record SharedPair(CallNode a, CallNode b) {
    }

    /** Key of the first alignment of a call: method and arguments as compared. */
    private record Key(String method, List<String> args) {
    }

    /** Key of the first alignment of a fork: kind, and the first-level calls and forks of its task. */
    private record TaskKey(String kind, List<Object> calls) {
    }

    /** Key of a fork in the second alignment: any fork matches any. */
    private static final Object ANY_TASK = new Object();

    /**
     * Folds both sibling lists and aligns their entries, first by method and arguments (forks by kind and calls),
     * then by method alone (forks with forks).
     */
    private List<DiffNode> align(List<Object> itemsA, List<Object> itemsB) {
        List<Entry> a = DiffItems.fold(itemsA);
        List<Entry> b = DiffItems.fold(itemsB);
        if (sameOwnValues(a, b)) {
            // what the alignment would find (every key equal, in order) and compare() too, but for durations
            List<DiffNode> lines = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                lines.add(DiffNode.matched(a.get(i), b.get(i)).markOwnValuesEqual());
            }
            return lines;
        }
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
            lines.add(DiffNode.matched(a.get(i), b.get(j++)));
        }
        while (j < b.size()) {
            lines.add(added(b.get(j++)));
        }
        return lines;
    }

    /** Aligns by method alone the runs left between two matches (or before the first, after the last). */
    private void matchLeftovers(List<Entry> a, List<Entry> b, int[] match) {
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

    /**
     * True when both sides are calls that pair up in order with the same count, method, arguments, outcome, result
     * and exception as recorded, so equal as compared whatever the options.
     */
    private boolean sameOwnValues(List<Entry> a, List<Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Entry x = a.get(i);
            Entry y = b.get(i);
            if (x.count() != y.count() || !(x.item() instanceof CallNode p) || !(y.item() instanceof CallNode q)
                    || p.outcome() != q.outcome() || !sameMethod(p.method(), q.method())
                    || !Objects.equals(p.arguments(), q.arguments()) || !Objects.equals(p.result(), q.result())
                    || !Objects.equals(p.exception(), q.exception())) {
                return false;
            }
        }
        return true;
    }

    /** Same {@link #methodKey} (its parts cannot run into each other), compared without making or finding it. */
    private static boolean sameMethod(MethodInfo a, MethodInfo b) {
        return a == b || a.name().equals(b.name()) && a.className().equals(b.className())
                && a.descriptor().equals(b.descriptor());
    }

    private List<Object> keys(List<Entry> entries, boolean withArgs) {
        List<Object> keys = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            keys.add(key(entry.item(), withArgs));
        }
        return keys;
    }

    private Object key(Object item, boolean withArgs) {
        if (item instanceof TaskInfo task) {
            if (!withArgs) {
                return ANY_TASK;
            }
            List<Object> calls = new ArrayList<>();
            for (Object below : items.below(task)) {
                calls.add(below instanceof TaskInfo t ? new TaskKey(t.kind(), List.of()) : key(below, true));
            }
            return new TaskKey(task.kind(), calls);
        }
        CallNode call = (CallNode) item;
        String method = methodKey(call.method());
        return withArgs && !options.ignoreArgs() ? new Key(method, comparableArgs(call)) : method;
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

    private DiffNode added(Entry entry) {
        long[] below = items.countBelow(entry.item());
        boolean task = entry.task() != null;
        added += entry.count() * ((task ? 0 : 1) + below[0]);
        tasksAdded += entry.count() * ((task ? 1 : 0) + below[1]);
        return DiffNode.added(entry);
    }

    private DiffNode removed(Entry entry) {
        long[] below = items.countBelow(entry.item());
        boolean task = entry.task() != null;
        removed += entry.count() * ((task ? 0 : 1) + below[0]);
        tasksRemoved += entry.count() * ((task ? 1 : 0) + below[1]);
        return DiffNode.removed(entry);
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
                if (line.isMatched()) {
                    compare(line);
                    if (mayDifferBelow(line.itemA(), line.itemB())) {
                        levels.push(new Level(line, align(items.below(line.itemA()), items.below(line.itemB()))));
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
            } else if (level.owner.a() != null && level.owner.b() != null && level.owner.a().isShared()
                    && level.owner.b().isShared()) {
                samePairs.add(new SharedPair(level.owner.a(), level.owner.b()));
            }
        }
    }

    private boolean mayDifferBelow(Object a, Object b) {
        if (items.isLeaf(a) && items.isLeaf(b)) {
            return false;
        }
        if (a instanceof CallNode x && b instanceof CallNode y && x.isShared() && y.isShared()
                && samePairs.contains(new SharedPair(x, y))) {
            return false; // compared before, at another place where both calls were made
        }
        // identical subtrees cannot differ, unless filters change what is compared or durations count: then they
        // differ only where a call below took another time, which a scan of their times tells without a walk
        if (!(a instanceof CallNode x && b instanceof CallNode y) || !filter.showsAllCalls()) {
            return true;
        }
        if (!options.timing()) {
            return !x.sameCallAs(y);
        }
        // a call whose exit was lost passes an exception on to a caller outside the subtree: walked
        return x.outcome() == Outcome.UNKNOWN || y.outcome() == Outcome.UNKNOWN
                || x.structuralHash() != y.structuralHash() || !alikeTimes.alike(x, y)
                || !x.withoutTimes().sameCallAs(y.withoutTimes());
    }

    /** Merges consecutive unchanged lines into one unchanged stretch. */
    private static List<DiffNode> compact(List<DiffNode> lines) {
        List<DiffNode> kept = new ArrayList<>();
        long same = 0;
        long sameTasks = 0;
        for (DiffNode line : lines) {
            if (line.differs()) {
                if (same > 0 || sameTasks > 0) {
                    kept.add(DiffNode.unchanged(same, sameTasks));
                    same = 0;
                    sameTasks = 0;
                }
                kept.add(line);
            } else if (line.isUnchangedStretch()) {
                same += line.sameCalls();
                sameTasks += line.sameTasks();
            } else if (line.isTask()) {
                sameTasks++;
            } else {
                same += line.countB();
            }
        }
        if (same > 0 || sameTasks > 0) {
            kept.add(DiffNode.unchanged(same, sameTasks));
        }
        return kept;
    }

    /** Compares a matched call's or task's own values (not the calls below it). */
    private void compare(DiffNode line) {
        if (line.isTask()) {
            compareTasks(line);
            return;
        }
        CallNode a = line.a();
        CallNode b = line.b();
        if (line.ownValuesEqual()) { // only the durations may differ
            if (timingChanged(a.duration(), b.duration())) {
                line.change(Change.TIMING);
                changed++;
            }
            return;
        }
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
        } else if (a.outcome() == Outcome.RETURNED && resultChanged(a.result(), b.result())) {
            line.change(Change.RESULT);
        }
        if (timingChanged(a.duration(), b.duration())) {
            line.change(Change.TIMING);
        }
        if (line.status() == DiffNode.Status.CHANGED) {
            changed++;
        }
    }

    /** True when results are compared and differ once identities are made comparable. */
    private boolean resultChanged(String a, String b) {
        return !options.ignoreResults() && !Objects.equals(options.comparable(a), options.comparable(b));
    }

    /** True when durations are compared and differ by more than the threshold. */
    private boolean timingChanged(Duration a, Duration b) {
        return options.timing() && a != null && b != null
                && Math.abs(a.toNanos() - b.toNanos()) > options.timingThresholdNanos();
    }

    /** Compares how two tasks matched by fork site were handed off and how they ended; not where they ran. */
    private void compareTasks(DiffNode line) {
        TaskInfo a = line.taskA();
        TaskInfo b = line.taskB();
        if (!Objects.equals(a.kind(), b.kind())) {
            line.change(Change.KIND);
        }
        if (a.outcome() != b.outcome()) {
            line.change(Change.OUTCOME);
        } else if (a.outcome() == TaskOutcome.EXCEPTION && !sameException(a.exception(), b.exception())) {
            line.change(Change.EXCEPTION);
        } else if (a.outcome() == TaskOutcome.VALUE && resultChanged(a.result(), b.result())) {
            line.change(Change.RESULT);
        }
        if (timingChanged(a.duration(), b.duration())) {
            line.change(Change.TIMING);
        }
        if (line.status() == DiffNode.Status.CHANGED) {
            tasksChanged++;
        }
    }

    private boolean sameException(ExceptionInfo a, ExceptionInfo b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.type(), b.type())
                && Objects.equals(options.comparable(a.message()), options.comparable(b.message()));
    }

    /**
     * Hash of a call (or task) and the calls and tasks below it as compared by these options; equal ones hash
     * equal.
     */
    private long fingerprint(Object root) {
        Deque<long[]> hashes = new ArrayDeque<>();
        Deque<Iterator<Object>> below = new ArrayDeque<>();
        hashes.push(new long[] {ownHash(root)});
        below.push(items.below(root).iterator());
        while (true) {
            Iterator<Object> it = below.peek();
            if (it.hasNext()) {
                Object c = it.next();
                hashes.push(new long[] {ownHash(c)});
                below.push(items.below(c).iterator());
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

    private long ownHash(Object item) {
        if (item instanceof TaskInfo task) {
            long h = 0x7a5c * 31 + Objects.hashCode(task.kind());
            h = h * 31 + task.outcome().ordinal();
            if (!options.ignoreResults()) {
                h = h * 31 + Objects.hashCode(options.comparable(task.result()));
            }
            return h * 31 + exceptionHash(task.exception());
        }
        CallNode call = (CallNode) item;
        long h = methodKey(call.method()).hashCode();
        if (!options.ignoreArgs()) {
            h = h * 31 + Objects.hashCode(comparableArgs(call));
        }
        h = h * 31 + call.outcome().ordinal();
        if (!options.ignoreResults()) {
            h = h * 31 + Objects.hashCode(options.comparable(call.result()));
        }
        return h * 31 + exceptionHash(call.exception());
    }

    private long exceptionHash(ExceptionInfo e) {
        return e == null ? 0 : e.type().hashCode() * 31L + Objects.hashCode(options.comparable(e.message()));
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
