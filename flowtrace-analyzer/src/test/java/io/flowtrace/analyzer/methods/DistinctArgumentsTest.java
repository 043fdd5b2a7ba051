package io.flowtrace.analyzer.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DistinctArgumentsTest {
    @Test
    void countsEachListOnceAndListsWhoseArgumentsRunTogetherApart() {
        DistinctArguments distinct = new DistinctArguments(100);
        distinct.add(List.of("ab", "c"));
        distinct.add(List.of("a", "bc"));
        distinct.add(List.of("abc"));
        distinct.add(List.of());
        distinct.add(List.of(""));
        distinct.add(List.of("ab", "c"));
        assertEquals(5, distinct.size());
        assertFalse(distinct.capped());
    }

    @Test
    void stopsAtTheCapAndSaysSoOnlyForANewList() {
        DistinctArguments distinct = new DistinctArguments(1_000);
        for (int i = 0; i < 1_000; i++) {
            distinct.add(List.of("order-" + i, Integer.toString(i % 7)));
        }
        distinct.add(List.of("order-5", "5"));
        assertEquals(1_000, distinct.size());
        assertFalse(distinct.capped(), "a list counted before is not a new one");
        distinct.add(List.of("order-1000", "6"));
        assertEquals(1_000, distinct.size());
        assertTrue(distinct.capped());
    }
}
