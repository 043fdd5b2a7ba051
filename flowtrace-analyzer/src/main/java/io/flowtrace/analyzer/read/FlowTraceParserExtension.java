package io.flowtrace.analyzer.read;

import java.util.List;

import org.openjdk.jmc.common.IMCMethod;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.QuantityConversionException;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

import io.flowtrace.events.AgentInfoEvent;
import io.flowtrace.events.CallBatchEvent;
import io.flowtrace.events.CheckpointEvent;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.events.MethodEnterEvent;
import io.flowtrace.events.MethodExitEvent;
import io.flowtrace.events.TaskEndEvent;
import io.flowtrace.events.TaskForkEvent;
import io.flowtrace.events.TaskJoinEvent;
import io.flowtrace.events.TaskStartEvent;
import io.flowtrace.events.ThreadInfoEvent;

/**
 * Hooks into JMC's parser to stream FlowTrace events into an {@link EventCollector} as they are parsed. Events of
 * every other type are dropped on the spot, and nothing is handed on to JMC's own event store, so reading a large
 * recording keeps only the compact FlowTrace columns in memory.
 *
 * <p>JMC parses chunks in parallel and creates one sink per event type per chunk, on the thread that parses that
 * chunk; each sink therefore appends to the batch of its own thread without locking.
 */
public final class FlowTraceParserExtension implements IParserExtension {
    private static final String PREFIX = "flowtrace.";
    /** JFR's own thread dump: the live stacks of the threads when it was taken. */
    private static final String THREAD_DUMP = "jdk.ThreadDump";

    private final EventCollector collector;

    public FlowTraceParserExtension(EventCollector collector) {
        this.collector = collector;
    }

    @Override
    public IEventSinkFactory getEventSinkFactory(IEventSinkFactory subFactory) {
        return new IEventSinkFactory() {
            @Override
            public IEventSink create(String identifier, String label, String[] category, String description,
                    List<ValueField> dataStructure) {
                if (JdkMethodTraces.EVENT.equals(identifier)) {
                    return methodTraceSink(new Fields(dataStructure), collector.batchForCurrentThread());
                }
                if (THREAD_DUMP.equals(identifier)) {
                    return threadDumpSink(new Fields(dataStructure), collector.batchForCurrentThread());
                }
                if (identifier == null || !identifier.startsWith(PREFIX)) {
                    return new DropSink(collector);
                }
                Fields f = new Fields(dataStructure);
                EventBatch batch = collector.batchForCurrentThread();
                return switch (identifier) {
                    case CallBatchEvent.NAME -> callBatchSink(f, batch);
                    case MethodEnterEvent.NAME -> enterSink(f, batch);
                    case MethodExitEvent.NAME -> exitSink(f, batch);
                    case MethodDefinitionEvent.NAME -> definitionSink(f, batch);
                    case AgentInfoEvent.NAME -> agentSink(f, batch);
                    case ThreadInfoEvent.NAME -> threadInfoSink(f, batch);
                    case TaskForkEvent.NAME -> forkSink(f, batch);
                    case TaskStartEvent.NAME -> startSink(f, batch);
                    case TaskEndEvent.NAME -> endSink(f, batch);
                    case TaskJoinEvent.NAME -> joinSink(f, batch);
                    case CheckpointEvent.NAME -> checkpointSink(f, batch);
                    default -> new DropSink(collector); // a newer recorder's type this reader does not know
                };
            }

            @Override
            public void flush() {
                // nothing is buffered here; the collector merges batches when parsing is done
            }
        };
    }

    private static IEventSink callBatchSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int ownerId = f.index("ownerThreadId");
        int ownerName = f.index("ownerThreadName");
        int firstSeq = f.index("firstSeq");
        int startNanos = f.index("startNanos");
        int commitNanos = f.index("commitNanos");
        int records = f.index("records");
        return v -> {
            // record times are System.nanoTime() values; the event's start time and commitNanos were read together
            long commit = asLong(v, commitNanos);
            long clockOffset = nanos(v, time) - commit;
            long owner = asLong(v, ownerId);
            IMCThread t = owner == 0 ? thread(v, thread) : null;
            batch.callBatch(t == null ? owner : threadId(t), t == null ? asString(v, ownerName) : threadName(t),
                    asLong(v, firstSeq), asLong(v, startNanos), commit, clockOffset, asString(v, records));
        };
    }

    private static IEventSink enterSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int method = f.index("method");
        int seq = f.index("seq");
        int arguments = f.index("arguments");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.enter(threadId(t), threadName(t), asLong(v, seq), nanos(v, time), (int) asLong(v, method),
                    asString(v, arguments));
        };
    }

    private static IEventSink exitSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int method = f.index("method");
        int seq = f.index("seq");
        int result = f.index("result");
        int thrown = f.index("thrown");
        int exception = f.index("exception");
        int message = f.index("message");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.exit(threadId(t), threadName(t), asLong(v, seq), nanos(v, time), (int) asLong(v, method),
                    asString(v, result), asBoolean(v, thrown), asString(v, exception), asString(v, message));
        };
    }

    private static IEventSink definitionSink(Fields f, EventBatch batch) {
        int id = f.index("id");
        int type = f.index("type");
        int name = f.index("name");
        int descriptor = f.index("descriptor");
        int parameterNames = f.index("parameterNames");
        int modifiers = f.index("modifiers");
        return v -> batch.methodDefinition((int) asLong(v, id), asString(v, type), asString(v, name),
                asString(v, descriptor), asString(v, parameterNames), (int) asLong(v, modifiers));
    }

    private static IEventSink agentSink(Fields f, EventBatch batch) {
        int command = f.index("command");
        return v -> batch.agentInfo(asString(v, command));
    }

    private static IEventSink threadInfoSink(Fields f, EventBatch batch) {
        int thread = f.index("eventThread");
        int virtual = f.index("virtual");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.threadInfo(threadId(t), threadName(t), asBoolean(v, virtual));
        };
    }

    private static IEventSink forkSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int stack = f.index("stackTrace");
        int seq = f.index("seq");
        int task = f.index("task");
        int parent = f.index("parentTask");
        int kind = f.index("kind");
        int executor = f.index("executor");
        int taskObject = f.index("taskObject");
        int source = f.index("source");
        int otherSource = f.index("otherSource");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.taskFork(threadId(t), threadName(t), asLong(v, seq), nanos(v, time), asLong(v, task),
                    asLong(v, parent), asString(v, kind), asString(v, executor), asString(v, taskObject),
                    batch.stackTraces.convert(stack < 0 ? null : v[stack]), asLong(v, source), asLong(v, otherSource));
        };
    }

    private static IEventSink startSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int seq = f.index("seq");
        int task = f.index("task");
        int ownerId = f.index("ownerThreadId");
        int ownerName = f.index("ownerThreadName");
        return v -> {
            // a task running since before an attach is told by the detaching thread, for the thread running it
            long owner = asLong(v, ownerId);
            IMCThread t = owner == 0 ? thread(v, thread) : null;
            batch.taskStart(t == null ? owner : threadId(t), t == null ? asString(v, ownerName) : threadName(t),
                    asLong(v, seq), nanos(v, time), asLong(v, task));
        };
    }

    private static IEventSink endSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int seq = f.index("seq");
        int task = f.index("task");
        int outcome = f.index("outcome");
        int result = f.index("result");
        int exception = f.index("exception");
        int message = f.index("message");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.taskEnd(threadId(t), threadName(t), asLong(v, seq), nanos(v, time), asLong(v, task),
                    asString(v, outcome), asString(v, result), asString(v, exception), asString(v, message));
        };
    }

    private static IEventSink joinSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int end = f.index("endTime");
        int duration = f.index("duration");
        int thread = f.index("eventThread");
        int stack = f.index("stackTrace");
        int seq = f.index("seq");
        int task = f.index("task");
        int kind = f.index("kind");
        int completed = f.index("completed");
        return v -> {
            IMCThread t = thread(v, thread);
            long start = nanos(v, time);
            long wait = -1;
            if (duration >= 0 && v[duration] instanceof IQuantity q) {
                wait = nanosOf(q);
            } else if (end >= 0 && start >= 0 && nanos(v, end) >= start) {
                wait = nanos(v, end) - start;
            }
            batch.taskJoin(threadId(t), threadName(t), asLong(v, seq), start, wait, asLong(v, task),
                    asString(v, kind), asBoolean(v, completed), batch.stackTraces.convert(stack < 0 ? null : v[stack]));
        };
    }

    private static IEventSink checkpointSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int thread = f.index("eventThread");
        int seq = f.index("seq");
        int label = f.index("label");
        int kind = f.index("kind");
        int task = f.index("task");
        return v -> {
            IMCThread t = thread(v, thread);
            batch.checkpoint(threadId(t), threadName(t), asLong(v, seq), nanos(v, time), asString(v, label),
                    asString(v, kind), asLong(v, task));
        };
    }

    private static IEventSink methodTraceSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int duration = f.index("duration");
        int thread = f.index("eventThread");
        int method = f.index("method");
        int stack = f.index("stackTrace");
        return v -> {
            if (method < 0 || !(v[method] instanceof IMCMethod m) || m.getType() == null) {
                return;
            }
            IMCThread t = thread(v, thread);
            int depth = -1;
            if (stack >= 0 && v[stack] instanceof IMCStackTrace s && s.getFrames() != null
                    && s.getTruncationState() != null && !s.getTruncationState().isTruncated()) {
                depth = s.getFrames().size();
            }
            long nanos = duration >= 0 && v[duration] instanceof IQuantity q ? nanosOf(q) : 0;
            Integer modifiers = m.getModifier();
            batch.methodTrace(threadId(t), threadName(t), nanos(v, time), nanos, m.getType().getFullName(),
                    m.getMethodName(), m.getFormalDescriptor(), modifiers == null ? 0 : modifiers, depth);
        };
    }

    private static IEventSink threadDumpSink(Fields f, EventBatch batch) {
        int time = f.index("startTime");
        int result = f.index("result");
        return v -> batch.threadDump(nanos(v, time), asString(v, result));
    }

    private static long nanosOf(IQuantity q) {
        try {
            return q.longValueIn(UnitLookup.NANOSECOND);
        } catch (QuantityConversionException e) {
            return -1;
        }
    }

    /** Drops events of other types; still tells the watchdog that parsing goes on, and obeys cancellation. */
    private static final class DropSink implements IEventSink {
        private final EventCollector collector;
        private int count;

        DropSink(EventCollector collector) {
            this.collector = collector;
        }

        @Override
        public void addEvent(Object[] values) {
            if ((++count & 1023) == 0) {
                collector.ping();
                collector.checkNotCancelled();
            }
        }
    }

    /** Field positions of one event type, looked up once per sink. */
    private static final class Fields {
        private final List<ValueField> fields;

        Fields(List<ValueField> fields) {
            this.fields = fields;
        }

        /** Position of a field, or -1 when this recording's event type lacks it. */
        int index(String identifier) {
            for (int i = 0; i < fields.size(); i++) {
                if (identifier.equals(fields.get(i).getIdentifier())) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static IMCThread thread(Object[] v, int i) {
        return i >= 0 && v[i] instanceof IMCThread t ? t : null;
    }

    /** The Java thread id; JMC's thread objects compare OS thread ids, which virtual threads share. */
    private static long threadId(IMCThread t) {
        Long id = t == null ? null : t.getThreadId();
        return id == null ? -1 : id;
    }

    private static String threadName(IMCThread t) {
        return t == null ? null : t.getThreadName();
    }

    private static long nanos(Object[] v, int i) {
        if (i < 0 || !(v[i] instanceof IQuantity q)) {
            return -1;
        }
        if (q.getUnit() == UnitLookup.EPOCH_NS) {
            return q.longValue();
        }
        try {
            return q.longValueIn(UnitLookup.EPOCH_NS);
        } catch (QuantityConversionException e) {
            return -1;
        }
    }

    private static long asLong(Object[] v, int i) {
        if (i < 0) {
            return 0;
        }
        Object o = v[i];
        if (o instanceof IQuantity q) {
            return q.longValue();
        }
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String asString(Object[] v, int i) {
        return i >= 0 && v[i] instanceof String s ? s : null;
    }

    private static boolean asBoolean(Object[] v, int i) {
        return i >= 0 && v[i] instanceof Boolean b && b;
    }
}
