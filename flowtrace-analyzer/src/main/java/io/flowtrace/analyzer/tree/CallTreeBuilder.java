package io.flowtrace.analyzer.tree;

import java.util.List;
import java.util.Map;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.read.EventReplay;
import io.flowtrace.analyzer.read.RecordedEvents;

/**
 * Builds the full call tree of every thread from replayed events: every call becomes a {@link CallNode} of its own,
 * with its own times. This is where a method exit becomes a finished node; the rules are {@link TreeBuilder}'s.
 * For a tree whose identical calls share one node see {@link SharedTreeBuilder}.
 */
public final class CallTreeBuilder extends TreeBuilder {
    /** @param methods method definitions by id; ids missing here show as {@link MethodInfo#unknown(int)} */
    public CallTreeBuilder(Map<Integer, MethodInfo> methods) {
        super(methods);
    }

    /**
     * Replays merged events through a new builder and assembles the result.
     *
     * @param readWarnings warnings of the reading step (such as truncation), listed first
     * @param truncated    whether the file was cut short
     */
    public static TraceData buildTrace(RecordedEvents events, List<String> readWarnings, boolean truncated) {
        CallTreeBuilder builder = new CallTreeBuilder(events.methods());
        List<String> replayWarnings = EventReplay.replay(events, builder);
        return builder.trace(events, readWarnings, replayWarnings, truncated);
    }
}
