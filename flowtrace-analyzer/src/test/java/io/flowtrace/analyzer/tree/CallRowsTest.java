package io.flowtrace.analyzer.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;

/** The rows of calls kept on disk give back what was put in, while still written and once mapped. */
class CallRowsTest {
    private static final List<String> TEXTS = List.of("", "abc", "h\u00e9llo", "na\u00efve \u2192 ok", "\"x\"",
            "x".repeat(70_000) + "\u4e2d");

    @Test
    void valuesComeBackAsTheyWereWhateverTheirChars() {
        MethodInfo method = MethodInfo.unknown(7);
        CallRows rows = new CallRows(id -> method);
        List<Long> made = new ArrayList<>();
        for (String text : TEXTS) {
            made.add(rows.add(7, rows.text(text), Outcome.RETURNED, rows.text(text + "!"), -1, -1, false, 1, 2, 0,
                    42, new long[0], 0, 0));
        }
        long caller = rows.add(7, -1, Outcome.RETURNED, -1, -1, -1, false, 0, 3, TEXTS.size(), 43,
                made.stream().mapToLong(Long::longValue).toArray(), 0, made.size());
        check(rows, caller);
        rows.finish();
        check(rows, caller);
    }

    private static void check(CallRows rows, long caller) {
        CallNode node = rows.node(caller, null);
        assertEquals(TEXTS.size(), node.childCount());
        assertEquals(TEXTS.size(), node.callsBelow());
        for (int i = 0; i < TEXTS.size(); i++) {
            CallNode call = node.child(i);
            assertEquals(TEXTS.get(i) + "!", call.result(), "result " + i);
            assertEquals(42, call.structuralHash());
            assertEquals(node, call.parent());
        }
    }
}
