package io.flowtrace.analyzer.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.CallList;
import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.RecordedEvents;
import io.flowtrace.events.EventNames;
import io.flowtrace.events.records.CallRecordReader;

/**
 * Builds the aggregated call tree of every thread from replayed events, in memory that does not grow with the calls:
 * a call that ends outside tasks becomes a row on disk ({@link CallRows}), and a returned call identical to one seen
 * before (same method, arguments, result and identical calls below, no task, fork, join or checkpoint in it) becomes
 * that earlier call's row, so the disk grows with the distinct calls. A view gets nodes made from the rows as it
 * walks to them; a shared row's node carries the times of its first call (see {@link CallNode#isShared()}).
 *
 * <p>Outside tasks a call gets no node while it runs: its method, argument id and start wait in {@link OpenCalls},
 * and when it returns it becomes the row of an identical call seen before ({@link DistinctCalls}, bounded) or a row
 * of its own, its structural hash computed as its node would compute it. Inside tasks, and whenever an event refers
 * to the open calls, they get nodes as in {@link TreeBuilder}, the rows they made below them as their calls.
 */
public final class SharedTreeBuilder extends TreeBuilder {
    private final SharedCalls shared = new SharedCalls();
    /** The calls that ended without a node by int ids, and the ids of their values. */
    private final DistinctCalls distinct;
    private final ValueIds argumentIds;
    private final ValueIds resultIds;
    private final Map<Thrown, Integer> exceptionIds = new HashMap<>();
    /** Ids of calls of kinds not kept (see {@link #unkeptId}). */
    private int nextUnkeptId;
    /** The calls that ended without a node, as rows on disk. */
    private final CallRows rows = new CallRows(methodLookup());
    /** Where the text of each argument and result id is kept in {@link #rows}, + 2; 0 while not kept yet. */
    private long[] argumentRefs = new long[256];
    private long[] resultRefs = new long[256];
    /** The hash of the argument list of each argument id, 0 while not known. */
    private int[] argumentHashes = new int[256];
    /** The chars of a new value's text, see {@link #keepArguments}. */
    private char[] chars = new char[256];
    /** The hash of the text of each result id, 0 while not known. */
    private int[] resultHashes = new int[256];
    /** The calls without a node of threads begun and not yet ended. */
    private final Map<Long, OpenCalls> lights = new HashMap<>();

    /** Open calls at {@code realDepth} and above have no node yet, see {@link OpenCalls}. */
    private OpenCalls light;
    private int realDepth;
    /** Per open call: whether a call below it is pinned to its place (see {@link #finished}). */
    private boolean[] pinnedBelow;
    /** The times of every call, when read with them; else null. */
    private final TimeColumns times;
    /** The times of each thread's calls, when read with them. */
    private final Map<ThreadTrace, TimeColumns.Column> timesOf = new IdentityHashMap<>();
    /** The column of the current thread, or null. */
    private TimeColumns.Column column;
    /** The calls below each node whose builder did not count them ({@link CallNode#callsBelow()} is -1). */
    private final Map<CallNode, Long> counted = new IdentityHashMap<>();

    /**
     * @param methods method definitions by id, possibly still filled while events come; ids missing here when a
     *                call is entered show as {@link MethodInfo#unknown(int)}
     */
    public SharedTreeBuilder(Map<Integer, MethodInfo> methods) {
        this(methods, false);
    }

    /**
     * @param methods   as {@link #SharedTreeBuilder(Map)}
     * @param withTimes keep the times of every call in a temporary file, and hand out threads whose calls are each
     *                  a node of their own with their own times, made as a view walks to them
     *                  ({@link ThreadTrace#place}); the calls of tasks are then never shared
     */
    public SharedTreeBuilder(Map<Integer, MethodInfo> methods, boolean withTimes) {
        this(methods, DistinctCalls.MAX_KINDS, ValueIds.MAX_VALUES, withTimes);
    }

    /** With other bounds on the kinds of calls and on the values kept, to test them. */
    SharedTreeBuilder(Map<Integer, MethodInfo> methods, int maxKinds, int maxValues) {
        this(methods, maxKinds, maxValues, false);
    }

    /** With other bounds on the kinds of calls and on the values kept, to test them. */
    SharedTreeBuilder(Map<Integer, MethodInfo> methods, int maxKinds, int maxValues, boolean withTimes) {
        super(methods);
        this.distinct = new DistinctCalls(maxKinds);
        this.argumentIds = new ValueIds(maxValues);
        this.resultIds = new ValueIds(maxValues);
        this.times = withTimes ? new TimeColumns() : null;
    }

    /** The times kept disagree with the tree built: a defect, for which the caller may read the calls otherwise. */
    public static final class TimesDisagree extends RuntimeException {
        TimesDisagree(String message) {
            super(message);
        }
    }

    @Override
    void ended(long startNanos, long endNanos) {
        if (column != null) {
            column.add(startNanos, endNanos);
        }
    }

    /** Switches the times to those of the current thread. */
    private void columnOfThread() {
        if (times != null) {
            column = timesOf.computeIfAbsent(thread, t -> times.column());
        }
    }

    @Override
    public TraceData trace(RecordedEvents events, List<String> readWarnings, List<String> replayWarnings,
            boolean truncated) {
        TraceData trace = super.trace(events, readWarnings, replayWarnings, truncated);
        rows.finish();
        if (times == null) {
            return trace;
        }
        Map<CallNode, Long> known = counted;
        times.finish(node -> callsBelow(node, known)); // not this builder: its tables go once the tree is read
        for (ThreadTrace t : trace.threads()) {
            TimeColumns.Column c = timesOf.get(t);
            long calls = 0;
            for (CallNode root : t.roots()) {
                calls += 1 + callsBelow(root, counted);
            }
            long kept = c == null ? 0 : c.count();
            if (calls != kept) {
                throw new TimesDisagree("thread " + t.name() + ": " + calls + " calls in the tree, times of " + kept);
            }
            if (c != null) {
                t.place(c);
            }
        }
        return trace;
    }

    /** The number of calls below a node at any depth, counted once per node however often it appears. */
    private static long callsBelow(CallNode node, Map<CallNode, Long> counted) {
        long below = node.callsBelow();
        if (below >= 0) {
            return below;
        }
        Long known = counted.get(node);
        if (known != null) {
            return known;
        }
        // post-order over the nodes not counted yet, without recursion: a recursion can be thousands deep
        ArrayDeque<CallNode> stack = new ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            CallNode n = stack.peek();
            long sum = 0;
            boolean ready = true;
            for (int i = n.childCount() - 1; i >= 0; i--) {
                CallNode c = n.child(i);
                long b = c.callsBelow() >= 0 ? c.callsBelow() : counted.getOrDefault(c, -1L);
                if (b < 0) {
                    stack.push(c);
                    ready = false;
                } else {
                    sum += 1 + b;
                }
            }
            if (ready) {
                stack.pop();
                counted.put(n, sum);
            }
        }
        return counted.get(node);
    }

    @Override
    public void beginThread(long javaThreadId, String name, boolean virtual) {
        super.beginThread(javaThreadId, name, virtual);
        saveLight();
        OpenCalls l = new OpenCalls();
        lights.put(javaThreadId, l);
        loadLight(l);
        columnOfThread();
    }

    @Override
    public void resumeThread(long javaThreadId) {
        super.resumeThread(javaThreadId);
        OpenCalls l = lights.get(javaThreadId);
        if (l != light) {
            saveLight();
            loadLight(l);
        }
        columnOfThread();
    }

    private void saveLight() {
        if (light != null) {
            light.realDepth = realDepth;
            light.pinnedBelow = pinnedBelow;
        }
    }

    private void loadLight(OpenCalls l) {
        light = l;
        realDepth = l.realDepth;
        pinnedBelow = l.pinnedBelow;
    }

    @Override
    public void endThread() {
        long id = thread.javaThreadId();
        super.endThread();
        lights.remove(id);
        column = null;
        light = null;
        realDepth = 0;
        pinnedBelow = null;
    }

    @Override
    public void enter(int methodId, long startNanos, String arguments) {
        if (activeCount == 0) {
            openLight(methodId, argumentIds.id(arguments), startNanos);
            return;
        }
        super.enter(methodId, startNanos, arguments);
        pushed();
    }

    @Override
    public void enterLost(int methodId) {
        super.enterLost(methodId);
        pushed();
    }

    /** A call with a node was just opened, at {@code depth - 1}. */
    private void pushed() {
        room(depth);
        pinnedBelow[depth - 1] = false;
        realDepth = depth;
    }

    private void room(int size) {
        if (size > pinnedBelow.length) {
            pinnedBelow = Arrays.copyOf(pinnedBelow, Math.max(size, pinnedBelow.length * 2));
        }
    }

    /** When sharing, outside tasks: with the common call records, the light path takes their values by ids. */
    @Override
    public boolean enterRecord(CallRecordReader r, long startNanos) {
        if (activeCount != 0) {
            return false;
        }
        int arguments = argumentIds.id(r);
        openLight(r.method(), arguments, startNanos);
        if (argumentIds.created()) {
            light.fresh(depth - 1); // no kind seen before has its arguments
            keepArguments(arguments);
        }
        return true;
    }

    @Override
    public boolean returnRecord(CallRecordReader r, long endNanos) {
        int top = depth - 1;
        if (top < realDepth || light.methodId[top] != r.method()) {
            return false; // not the innermost call without a node
        }
        int result = resultIds.id(r);
        if (resultIds.created()) {
            light.fresh(top); // no kind seen before has its result
            keepResult(result);
        }
        exitWithoutNode(endNanos, result, null, CallNode.NO_IDENTITY);
        return true;
    }

    /** Opens a call without a node: one is made at the exit only if no identical call was seen before. */
    private void openLight(int methodId, int arguments, long startNanos) {
        callCount++;
        if (arguments == ValueIds.UNKEPT) {
            light.open(depth, methodId, arguments, startNanos);
            light.unkeptArguments(depth++, argumentIds.unkeptText());
            return;
        }
        light.open(depth++, methodId, arguments, startNanos); // stack and pinnedBelow are set when it gets a node
    }

    @Override
    void exit(int methodId, long endNanos, String result, ExceptionInfo exception, long identity) {
        int top = depth - 1;
        if (top >= realDepth && light.methodId[top] == methodId) {
            // the innermost call, which has no node yet: most exits
            exitWithoutNode(endNanos, exception == null ? resultIds.id(result) : exceptionId(exception, identity),
                    exception, identity);
            return;
        }
        super.exit(methodId, endNanos, result, exception, identity);
        realDepth = depth;
    }

    @Override
    int methodIdAt(int i) {
        return i >= realDepth ? light.methodId[i] : stack[i].method().id();
    }

    /**
     * The innermost open call, which has no node yet, ended: it becomes the shared row of an identical call seen
     * before, or a row of its own, among the calls of its caller.
     *
     * @param result the id of its result, or for a call that threw that of the exception ({@link #exceptionId})
     */
    private void exitWithoutNode(long endNanos, int result, ExceptionInfo exception, long identity) {
        int i = --depth;
        OpenCalls l = light;
        ended(l.start[i], endNanos);
        int from = l.callsFrom(i);
        int count = l.callsEnd - from;
        int m = l.methodId[i];
        int args = l.arguments[i];
        int h = DistinctCalls.hash(m, args, result, l.callsHash(i));
        // a value without id or a call below with an id of its own: no call is identical, none will be
        boolean unique = args == ValueIds.UNKEPT || result == ValueIds.UNKEPT || l.madeUnique(i);
        // a new call is not looked for: most calls of a recording of distinct calls are, and a look-up in a table of a
        // million kinds is a cache miss or two
        int id = unique || l.isFresh(i) ? -1 : distinct.find(h, m, args, result, l.calls, from, count);
        long row;
        long hash;
        long below;
        boolean waits = false;
        if (id >= 0 && exception == null) {
            row = distinct.row(id);
            hash = distinct.rowHash(id);
            below = distinct.below(id);
        } else {
            below = 0;
            for (int k = from; k < l.callsEnd; k++) {
                below += 1 + l.below[k];
                if (l.waits(k)) {
                    long late = lateHash(l, k, exception, identity);
                    rows.hash(l.rows[k], late);
                    l.hashes[k] = late;
                    l.foldLate(i, late, k - from, count);
                }
            }
            boolean kept = id < 0 && !unique;
            boolean shared = kept && exception == null && !distinct.full();
            MethodInfo method = method(m);
            long argumentsRef = argumentsRef(method, i);
            long resultRef;
            long message = -1;
            int resultHash;
            if (exception != null) {
                resultRef = rows.text(exception.type());
                message = rows.text(exception.message());
                resultHash = 0;
            } else if (result == ValueIds.UNKEPT) {
                String text = resultIds.unkeptText();
                resultRef = rows.text(text);
                resultHash = text.hashCode();
            } else {
                resultRef = resultRef(result);
                resultHash = resultHash(result);
            }
            long head = (((m * 31L + argumentsHash(method, i)) * 31
                    + (exception == null ? Outcome.RETURNED : Outcome.THREW).ordinal()) * 31 + resultHash) * 31
                    + (exception == null ? 0 : exception.hashCode());
            long factor = l.callsFactor(i);
            long fold = l.callsFold(i);
            if (exception == null || i == 0) {
                hash = finishHash(head, false, factor, fold); // passed on to no caller
            } else if (i - 1 >= realDepth) {
                hash = 0; // its caller, without a node, tells whether the exception passed on: known at its end
                waits = true;
            } else {
                hash = 0; // below a call with a node: the node made from the row computes it when asked
            }
            row = rows.add(m, argumentsRef, exception == null ? Outcome.RETURNED : Outcome.THREW, resultRef, message,
                    identity, shared, l.start[i], endNanos, below, hash, l.rows, from, count);
            if (kept) {
                id = distinct.add(h, m, args, result, l.calls, from, count, exception == null ? row : -1, hash,
                        below);
                l.fresh(i - 1); // its caller made a new kind of call
            }
            if (id < 0) {
                id = unkeptId(); // never equal to another call's: its callers are not shared either
            }
            if (waits) {
                l.close(i);
                l.addCall(i - 1, id, row, 0, below, exception, identity,
                        DistinctCalls.callsHash(l.callsHash(i - 1), h));
                l.waiting(l.callsEnd - 1, head, factor, fold);
                return;
            }
        }
        l.close(i);
        // made by the open call below, or, by the outermost one, at the level of the calls with nodes (then it
        // waits there until the next event that needs them in place): no test of which, the JIT would find the
        // second case untaken for millions of calls and recompile the replay loop when it comes
        l.addCall(i - 1, id, row, hash, below, exception, identity, DistinctCalls.callsHash(l.callsHash(i - 1), h));
    }

    /** What {@link CallNode#structuralHash()} folds the hashes of the calls below with. */
    static final long CALL_FACTOR = 1_000_003L;

    /**
     * The structural hash of a call without a node, as {@link CallNode#structuralHash()} computes it.
     *
     * @param head     its method, arguments, outcome, result and exception, hashed as the node hashes them
     * @param passedOn whether its exception passed on to its caller
     * @param factor   {@link OpenCalls#callsFactor} of its calls
     * @param fold     {@link OpenCalls#callsFold} of its calls
     */
    private static long finishHash(long head, boolean passedOn, long factor, long fold) {
        long h = (head * 31 + (passedOn ? 1 : 0)) * 31; // its enter was recorded: calls without one have nodes
        h = h * factor + fold;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    /** The hash of a call that threw, once its caller, which threw {@code exception} or returned, ended. */
    private static long lateHash(OpenCalls l, int k, ExceptionInfo exception, long identity) {
        ExceptionInfo own = l.thrown[k];
        boolean passedOn;
        if (exception == null) {
            passedOn = false;
        } else if (l.identities[k] != CallNode.NO_IDENTITY && identity != CallNode.NO_IDENTITY) {
            passedOn = l.identities[k] == identity && own.type().equals(exception.type());
        } else {
            passedOn = own.equals(exception);
        }
        return finishHash(l.waitingHash[k], passedOn, l.waitingFactor[k], l.waitingFold[k]);
    }

    /** The hash of a method's argument list, as {@link java.util.List#hashCode()} of its values. */
    private int argumentsHash(MethodInfo method, int i) {
        int id = light.arguments[i];
        if (id >= 0 && id < argumentHashes.length && argumentHashes[id] != 0) {
            return argumentHashes[id]; // before the text: most texts are far from the caches by now
        }
        String joined = id == ValueIds.UNKEPT ? light.unkeptArguments(i) : argumentText(id);
        if (joined == null) {
            return 0;
        }
        if (joined.isEmpty()) {
            return parameterCount(method.descriptor()) == 0 ? 1 : 31; // no arguments, or one empty one
        }
        if (id == ValueIds.UNKEPT) {
            return listHash(joined);
        }
        if (id >= argumentHashes.length) {
            argumentHashes = Arrays.copyOf(argumentHashes, Math.max(id + 1, argumentHashes.length * 2));
        }
        int known = listHash(joined);
        argumentHashes[id] = known;
        return known;
    }

    /**
     * Writes the text of a new argument id where rows keep texts and keeps its hash, now that it is at hand: a new
     * value is almost always part of a new row, which needs both. The value ids keep the text only where it is needed
     * again.
     */
    private void keepArguments(int id) {
        int length = newText(argumentIds, id);
        argumentRefs = room(argumentRefs, id);
        argumentHashes = room(argumentHashes, id);
        argumentRefs[id] = rows.text(chars, length) + 2;
        int hash = length == 0 ? 0 : listHash(chars, length); // an empty text's hash depends on the method
        argumentHashes[id] = hash;
        keepUnknown(argumentIds, id, hash, length);
    }

    /** As {@link #keepArguments}, for a new result id. */
    private void keepResult(int id) {
        int length = newText(resultIds, id);
        resultRefs = room(resultRefs, id);
        resultHashes = room(resultHashes, id);
        resultRefs[id] = rows.text(chars, length) + 2;
        int hash = 0; // String.hashCode()
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[i];
        }
        resultHashes[id] = hash;
        keepUnknown(resultIds, id, hash, length);
    }

    /** Copies the text of the new id {@code id} into {@link #chars}; returns its length. */
    private int newText(ValueIds ids, int id) {
        String kept = ids.text(id);
        return chars(kept != null ? kept : ids.createdText());
    }

    /** A hash of 0 is not known ({@link #argumentsHash}, {@link #resultHash}): the text is needed again. */
    private void keepUnknown(ValueIds ids, int id, int hash, int length) {
        if (hash == 0 && ids.text(id) == null) {
            ids.keepText(id, new String(chars, 0, length));
        }
    }

    private static long[] room(long[] a, int id) {
        return id < a.length ? a : Arrays.copyOf(a, Math.max(id + 1, a.length * 2));
    }

    private static int[] room(int[] a, int id) {
        return id < a.length ? a : Arrays.copyOf(a, Math.max(id + 1, a.length * 2));
    }

    /** Copies the chars of {@code text} into {@link #chars}; returns how many. */
    private int chars(CharSequence text) {
        int length = text.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        if (text instanceof String s) {
            s.getChars(0, length, chars, 0);
        } else {
            ((StringBuilder) text).getChars(0, length, chars, 0);
        }
        return length;
    }

    /** {@link java.util.List#hashCode()} of the values of rendered arguments {@code c[0, length)}, not split. */
    private static int listHash(char[] c, int length) {
        int h = 1;
        int value = 0;
        for (int i = 0; i < length; i++) {
            char x = c[i];
            if (x == EventNames.ARGUMENT_SEPARATOR) {
                h = 31 * h + value;
                value = 0;
            } else {
                value = 31 * value + x;
            }
        }
        return 31 * h + value;
    }

    /** The text of argument id {@code id}, read back from the rows' texts where the value ids forgot it. */
    private String argumentText(int id) {
        String text = argumentIds.text(id);
        if (text == null && id != ValueIds.NULL) {
            return rows.textAt(argumentRefs[id] - 2);
        }
        return text;
    }

    /**
     * {@link #listHash(char[], int)} of a text of arguments not kept as new (events without records, tables full),
     * through the reused {@link #chars}: a copy of its own was a tenth of what a big recording's reading allocated.
     */
    private int listHash(String joined) {
        return listHash(chars, chars(joined));
    }

    /** Where the text of the arguments of the open call at {@code i} is kept. */
    private long argumentsRef(MethodInfo method, int i) {
        int id = light.arguments[i];
        if (id == ValueIds.UNKEPT) {
            return rows.text(light.unkeptArguments(i));
        }
        if (id >= argumentRefs.length) {
            argumentRefs = Arrays.copyOf(argumentRefs, Math.max(id + 1, argumentRefs.length * 2));
        }
        if (argumentRefs[id] == 0) {
            argumentRefs[id] = rows.text(argumentIds.text(id)) + 2; // 0: not kept yet, 1: null
        }
        return argumentRefs[id] - 2;
    }

    /** {@link String#hashCode()} of the text of result {@code id}, 0 for null. */
    private int resultHash(int id) {
        if (id >= resultHashes.length) {
            resultHashes = Arrays.copyOf(resultHashes, Math.max(id + 1, resultHashes.length * 2));
        }
        int known = resultHashes[id];
        if (known == 0) {
            String text = resultIds.text(id);
            known = text == null ? 0 : text.hashCode();
            resultHashes[id] = known;
        }
        return known;
    }

    /** Where the text of result {@code id} is kept. */
    private long resultRef(int id) {
        if (id >= resultRefs.length) {
            resultRefs = Arrays.copyOf(resultRefs, Math.max(id + 1, resultRefs.length * 2));
        }
        if (resultRefs[id] == 0) {
            resultRefs[id] = rows.text(resultIds.text(id)) + 2; // 0: not kept yet, 1: null
        }
        return resultRefs[id] - 2;
    }

    /** A new id below 0 for a call of a kind {@link DistinctCalls} no longer keeps. */
    private int unkeptId() {
        // after 2^31 such calls the ids come round again; two callers would then also need all else equal to match
        nextUnkeptId = nextUnkeptId == Integer.MIN_VALUE ? -1 : nextUnkeptId - 1;
        return nextUnkeptId;
    }

    /** Makes the calls made by the open call without a node at {@code i}, up to {@code end}, those of {@code node}. */
    private void adopt(int i, int end, CallNode node) {
        OpenCalls l = light;
        for (int k = l.callsFrom(i); k < end; k++) {
            if (l.hashes[k] == 0) {
                node.addChild(rows.node(l.rows[k], node)); // its hash, computed when asked, is kept by the node
            } else {
                node.addChild(rows, l.rows[k]);
            }
        }
    }

    /**
     * The (negative) result id of the innermost open call, which threw {@code exception}: the same for calls that
     * threw equal exceptions and passed on (the very object where the recording tells) those of the same calls
     * they made, by place, so that where each exception was caught is part of what makes calls identical.
     */
    private int exceptionId(ExceptionInfo exception, long identity) {
        List<Integer> passedOnFrom = List.of();
        if (identity != CallNode.NO_IDENTITY) {
            OpenCalls l = light;
            int from = l.callsFrom(depth - 1);
            for (int k = from; k < l.callsEnd; k++) {
                ExceptionInfo thrown = l.thrown[k];
                if (thrown != null && l.identities[k] == identity && thrown.type().equals(exception.type())) {
                    passedOnFrom = passedOnFrom.isEmpty() ? new ArrayList<>(1) : passedOnFrom;
                    passedOnFrom.add(k - from);
                }
            }
        }
        return -1 - exceptionIds.computeIfAbsent(new Thrown(exception, passedOnFrom), e -> exceptionIds.size());
    }

    /** What tells the calls that threw apart: the exception, and which of their calls' exceptions they passed on. */
    private record Thrown(ExceptionInfo exception, List<Integer> passedOnFrom) {
    }

    /** The argument list of the open call without a node at {@code i}. */
    private List<String> argumentList(MethodInfo method, int i) {
        int id = light.arguments[i];
        return splitArguments(method, id == ValueIds.UNKEPT ? light.unkeptArguments(i) : argumentText(id));
    }

    /**
     * Puts the calls without a node that ended at the level of the calls with nodes in place, and gives the open
     * calls without a node their nodes: the events that come next (task events, checkpoints, calls with nodes) refer
     * to them or follow them.
     */
    @Override
    void materialize() {
        if (realDepth == depth && (light == null || light.callsEnd == 0)) {
            return; // nothing without a node
        }
        int waiting = realDepth < depth ? light.callsFrom(realDepth) : light.callsEnd;
        CallNode level = realDepth == 0 ? null : stack[realDepth - 1];
        for (int k = 0; k < waiting; k++) {
            if (light.hashes[k] == 0) {
                // its hash, computed when asked, is kept by the node
                CallNode node = rows.node(light.rows[k], level);
                if (level == null) {
                    roots.add(node);
                } else {
                    level.addChild(node);
                }
            } else if (level == null) {
                ((CallList) roots).addRow(rows, light.rows[k]);
            } else {
                level.addChild(rows, light.rows[k]);
            }
        }
        if (depth > stack.length) {
            stack = Arrays.copyOf(stack, Math.max(depth, stack.length * 2));
        }
        room(depth);
        for (int i = realDepth; i < depth; i++) {
            CallNode parent = i == 0 ? null : stack[i - 1];
            MethodInfo method = method(light.methodId[i]);
            CallNode node = new CallNode(method, argumentList(method, i), parent, light.start[i], false);
            pinnedBelow[i] = false;
            adopt(i, i + 1 < depth ? light.callsFrom(i + 1) : light.callsEnd, node);
            if (parent == null) {
                roots.add(node);
            } else {
                parent.addChild(node);
            }
            stack[i] = node;
        }
        light.closeAll();
        realDepth = depth;
    }

    /**
     * Replaces the call just finished at {@code stack[depth]} with an identical earlier one, unless it
     * is pinned to its place: it or a call below it has a task, fork, join or checkpoint, which refer to it.
     */
    @Override
    void finished(CallNode done) {
        room(depth + 1);
        boolean pinned = pinnedBelow[depth] || done.task() != null || !done.marks().isEmpty();
        if (pinned) {
            if (depth > 0) {
                pinnedBelow[depth - 1] = true;
            }
            return;
        }
        if (times != null && activeCount > 0) {
            return; // a task's calls are shown at its fork as they are: each with its own times
        }
        CallNode same = shared.intern(done);
        if (same != done) {
            if (depth == 0) {
                roots.set(roots.size() - 1, same);
            } else {
                stack[depth - 1].replaceLastChild(same);
            }
        }
    }
}
