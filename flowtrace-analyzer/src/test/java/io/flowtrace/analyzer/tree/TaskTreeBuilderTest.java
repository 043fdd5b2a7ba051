package io.flowtrace.analyzer.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.Synthetic;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.TaskReport;
import io.flowtrace.analyzer.view.CallFilter;

/** The tree a task report reads keeps the marked and open calls, and with a filter whether a task made a shown call. */
class TaskTreeBuilderTest {
    private static final int MAIN = 1;
    private static final int CHECKOUT = 2;
    private static final int PRICE = 3;
    private static final int LOG = 4;

    /** main forks two tasks nobody joins; the first prices an item deep below its call, the second only logs. */
    private static Synthetic unjoined() {
        Synthetic s = new Synthetic()
                .method(MAIN, "examples.Shop", "main", "([Ljava/lang/String;)V")
                .method(CHECKOUT, "examples.Shop", "checkout", "(Ljava/lang/Object;)I")
                .method(PRICE, "examples.Prices", "priceOf", "(Ljava/lang/String;)I")
                .method(LOG, "examples.Log", "info", "(Ljava/lang/String;)V");
        s.thread(1, "main").enter(MAIN, "[]")
                .enter(LOG, "\"start\"").exit(LOG, null)
                .fork(1, 0, "execute", "examples.Shop.main:21")
                .fork(2, 0, "execute", "examples.Shop.main:22")
                .exit(MAIN, null);
        Synthetic.Script pool = s.thread(11, "pool-1-thread-1").start(1).enter(CHECKOUT, "a");
        for (int i = 0; i < 50; i++) {
            pool.enter(LOG, "\"" + i + "\"").exit(LOG, null);
        }
        pool.enter(CHECKOUT, "b").enter(PRICE, "\"b\"").exit(PRICE, "3").exit(CHECKOUT, "3")
                .exit(CHECKOUT, "3").end(1, "3")
                .start(2).enter(CHECKOUT, "c").enter(LOG, "\"c\"").exit(LOG, null).exit(CHECKOUT, "0").end(2, "0");
        return s;
    }

    @Test
    void aTaskThatMadeAShownCallDeepDownIsReportedUnderThatFilter() throws IOException {
        CallFilter prices = CallFilter.builder().include("examples.Prices").build();
        TraceData kept = unjoined().streamedAsBatches(16, 3, 7, methods -> new TaskTreeBuilder(methods,
                prices::showsCall));
        String report = report(kept, prices);
        assertEquals(String.join("\n",
                "Finished but never joined:",
                "  task #1 execute on pool-1-thread-1",
                "    task #1 forked at Shop.main (Shop.java:21) on main",
                "1 problem: 1 never joined; 1 problem outside the filters.",
                ""), report);
        assertEquals(report(unjoined().inOrder(), prices), report);
    }

    @Test
    void finishedCallsWithoutMarksAreDropped() throws IOException {
        TraceData kept = unjoined().streamedAsBatches(16, 3, 7, methods -> new TaskTreeBuilder(methods, null));
        assertEquals(report(unjoined().inOrder(), CallFilter.NONE), report(kept, CallFilter.NONE));
        assertEquals(57, kept.callCount());
        assertEquals(1, CallFilter.NONE.countShown(kept.threads().get(0)) + CallFilter.NONE.countShown(
                kept.threads().get(1)), "only main, which forked, is kept");
    }

    private static String report(TraceData trace, CallFilter filter) throws IOException {
        StringWriter out = new StringWriter();
        new TaskReport(trace, true, filter).render(out);
        return out.toString();
    }
}
