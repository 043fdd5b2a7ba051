package io.flowtrace.analyzer.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.CallNode;
import io.flowtrace.analyzer.model.ExceptionInfo;
import io.flowtrace.analyzer.model.MethodInfo;
import io.flowtrace.analyzer.model.Outcome;
import io.flowtrace.analyzer.model.ThreadTrace;
import io.flowtrace.analyzer.model.TraceData;
import io.flowtrace.analyzer.render.MethodTableRenderer;
import io.flowtrace.analyzer.view.CallFilter;

class MethodTableTest {
    private static final MethodInfo MAIN = new MethodInfo(1, "com.acme.App", "main", "([Ljava/lang/String;)V",
            List.of("args"), 9);
    private static final MethodInfo PRICE = new MethodInfo(2, "com.acme.Shop", "price", "(Ljava/lang/String;)J",
            List.of("item"), 1);
    private static final MethodInfo TAX = new MethodInfo(3, "com.acme.Shop", "tax", "(J)J", List.of("cents"), 1);
    private static final MethodInfo OTHER_PRICE = new MethodInfo(4, "org.other.Shop", "price",
            "(Ljava/lang/String;)J", List.of("item"), 1);

    private static CallNode call(MethodInfo method, CallNode parent, long start, long end, String... arguments) {
        CallNode node = new CallNode(method, List.of(arguments), parent, start, false);
        node.finish(Outcome.RETURNED, end, "1", null);
        if (parent != null) {
            parent.addChild(node);
        }
        return node;
    }

    /**
     * main → price("apple") → tax(10), then the same price("apple") call twice more as one shared node (an
     * aggregated read), a price("kiwi") that threw, and org.other.Shop.price.
     */
    private static TraceData trace() {
        CallNode main = call(MAIN, null, 0, 1000);
        CallNode apple = call(PRICE, main, 10, 110, "\"apple\"");
        call(TAX, apple, 20, 60, "10");
        apple.markShared();
        main.addChild(apple);
        main.addChild(apple);
        CallNode kiwi = new CallNode(PRICE, List.of("\"kiwi\""), main, 500, false);
        kiwi.finish(Outcome.THREW, 600, null, new ExceptionInfo("java.lang.IllegalStateException", "sold out"));
        main.addChild(kiwi);
        call(OTHER_PRICE, main, 700, 710, "\"apple\"");
        return new TraceData(List.of(new ThreadTrace("main", 1, false, List.of(main))),
                Map.of(1, MAIN, 2, PRICE, 3, TAX, 4, OTHER_PRICE), List.of(), false, true, 6, "com.acme.App");
    }

    @Test
    void aSharedCallCountsAsOftenAsItWasMadeWithWhatItCalled() {
        MethodTable table = MethodTable.of(trace(), CallFilter.NONE, MethodTable.Sort.CALLS, false);
        assertEquals(List.of("price 4 1 2", "tax 3 0 1", "main 1 0 1", "price 1 0 1"), table.rows().stream()
                .map(r -> r.method().name() + " " + r.calls() + " " + r.threw() + " " + r.distinct()).toList());
        assertTrue(table.rows().stream().allMatch(r -> r.totalNanos() == -1), "no times without timing");
    }

    @Test
    void selfTimeIsTheCallsTimeLessItsTracedCallees() {
        MethodTable table = MethodTable.of(trace(), CallFilter.NONE, MethodTable.Sort.SELF, true);
        MethodTable.Row main = table.rows().get(0);
        assertEquals("main", main.method().name());
        assertEquals(1000, main.totalNanos());
        assertEquals(1000 - 3 * 100 - 100 - 10, main.selfNanos());
        MethodTable.Row price = table.rows().stream().filter(r -> r.method() == PRICE).findFirst().orElseThrow();
        assertEquals(3 * 100 + 100, price.totalNanos());
        assertEquals(3 * 60 + 100, price.selfNanos());
    }

    @Test
    void filtersChooseMethodsAndSortingByTimeNeedsTiming() {
        CallFilter shop = CallFilter.builder().include("com.acme.Shop").build();
        assertEquals(List.of("price", "tax"), MethodTable.of(trace(), shop, MethodTable.Sort.NAME, false).rows()
                .stream().map(r -> r.method().name()).toList());
        assertThrows(IllegalArgumentException.class,
                () -> MethodTable.of(trace(), CallFilter.NONE, MethodTable.Sort.TOTAL, false));
    }

    @Test
    void theTableNamesClassesInFullOnlyWhereTwoShareASimpleName() throws Exception {
        StringWriter out = new StringWriter();
        new MethodTableRenderer(3).render(MethodTable.of(trace(), CallFilter.NONE, MethodTable.Sort.CALLS, false),
                out);
        assertEquals("""
                       Calls     Threw  Distinct args  Method
                           4         1              2  com.acme.Shop.price(String)
                           3         0              1  Shop.tax(long)
                           1         0              1  App.main(String[])
                … 1 more method (use --limit)
                """, out.toString());
    }
}
