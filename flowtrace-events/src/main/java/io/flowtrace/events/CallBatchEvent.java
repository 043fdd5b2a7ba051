package io.flowtrace.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Consecutive traced calls of one thread — enters, returns, throws — packed as call records
 * ({@link io.flowtrace.events.records.CallRecords}) so that a call costs a few bytes instead of two events. The
 * records cover the owner's sequence numbers {@code firstSeq} to {@code firstSeq + count - 1}; a seq taken by
 * another FlowTrace event of the thread (a task event, a checkpoint) appears among them as a mark.
 */
@Name(CallBatchEvent.NAME)
@Label("Call Batch")
@Category("FlowTrace")
@Description("Consecutive traced calls of one thread, packed as call records")
@StackTrace(false) // the call tree is the stack
@Enabled(false) // only FlowTrace's own recording turns it on
public final class CallBatchEvent extends Event {
    public static final String NAME = "flowtrace.CallBatch";

    @Label("Owner Thread Id")
    @Description("Java thread id of the thread that made the calls when another thread committed the event (e.g. at"
            + " the end of a chunk, for a thread that is blocked or has ended); 0 when the event thread made them")
    public long ownerThreadId;

    @Label("Owner Thread Name")
    @Description("Name of the thread that made the calls when another thread committed the event; null otherwise")
    public String ownerThreadName;

    @Label("First Sequence")
    @Description("Per-thread sequence number of the first record")
    public long firstSeq;

    @Label("Count")
    @Description("Number of records, each taking one sequence number")
    public int count;

    @Label("Start Nanos")
    @Description("System.nanoTime() value that the first record's time delta is relative to")
    public long startNanos;

    @Label("Commit Nanos")
    @Description("System.nanoTime() read when this event began; pairs with the event's start time to place the"
            + " records' times on the recording's clock")
    public long commitNanos;

    @Label("Records")
    @Description("The encoded call records, one Latin-1 char per byte")
    public String records;
}
