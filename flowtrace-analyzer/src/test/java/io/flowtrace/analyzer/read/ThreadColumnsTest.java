package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ThreadColumnsTest {
    @Test
    void sortsBySeqKeepingEachEventTogether() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(300);
            ThreadColumns c = new ThreadColumns(1, 4);
            long[] seqs = new long[n];
            for (int i = 0; i < n; i++) {
                // runs of ascending seqs, as chunks deliver them, with some shuffling inside
                seqs[i] = random.nextInt(4) == 0 ? random.nextInt(1000) : (i == 0 ? 0 : seqs[i - 1] + 1);
                c.add(seqs[i], seqs[i] * 10, (int) seqs[i], ThreadColumns.ENTER, "v" + seqs[i]);
            }
            c.sortBySeq();
            long[] expected = seqs.clone();
            java.util.Arrays.sort(expected);
            assertArrayEquals(expected, java.util.Arrays.copyOf(c.seq, n));
            for (int i = 0; i < n; i++) {
                assertEquals(c.seq[i] * 10, c.nanos[i]);
                assertEquals((int) c.seq[i], c.method[i]);
                assertEquals("v" + c.seq[i], c.payload[i]);
            }
        }
    }
}
