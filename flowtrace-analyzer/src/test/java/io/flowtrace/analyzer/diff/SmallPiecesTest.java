package io.flowtrace.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thread roles, identity stripping and sequence alignment. */
class SmallPiecesTest {
    @ParameterizedTest
    @CsvSource({
            "pool-3-thread-7, pool-#-thread-#",
            "ForkJoinPool-1-worker-2, ForkJoinPool-#-worker-#",
            "ForkJoinPool.commonPool-worker-13, ForkJoinPool.commonPool-worker-#",
            "virtual #41, virtual ##",
            "main, main",
            "worker-1, worker-#"})
    void threadRoleNormalizesNumbers(String name, String role) {
        assertEquals(role, ThreadRoles.role(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Orders@5af3a0f|Orders@",
            "[Line@1b6d3586, Line@4554617c]|[Line@, Line@]",
            "mail@example.com|mail@example.com",
            "a@beef|a@",
            "a@beefcafe1|a@beefcafe1",
            "no identity|no identity"})
    void identityHashesAreStripped(String value, String stripped) {
        assertEquals(stripped, Identities.strip(value));
    }

    @Test
    void alignmentToleratesInsertionsAndDeletions() {
        int[] match = SequenceAligner.align(List.of("a", "b", "c", "d"), List.of("a", "x", "b", "d", "y"));
        assertArrayEquals(new int[] {0, 2, -1, 3}, match);
    }

    @Test
    void longListsAreAlignedGreedilyButStillFindTheInsertion() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            a.add("k" + (i % 1000));
        }
        List<String> b = new ArrayList<>(a);
        b.add(100_000, "new");
        b.remove(150_000);
        b.add(150_000, "changed");
        int[] match = SequenceAligner.align(a, b);
        long matched = java.util.Arrays.stream(match).filter(j -> j >= 0).count();
        // everything but the replaced element is matched, in order
        assertEquals(a.size() - 1, matched);
        int last = -1;
        for (int j : match) {
            if (j >= 0) {
                assertEquals(true, j > last);
                last = j;
            }
        }
    }
}
