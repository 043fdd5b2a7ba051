package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void readsUnits() {
        assertEquals(0, Sizes.parse("0", "--max-size"));
        assertEquals(4096, Sizes.parse("4096", "--max-size"));
        assertEquals(500L << 20, Sizes.parse("500m", "--max-size"));
        assertEquals(2L << 30, Sizes.parse("2G", "--max-size"));
        assertEquals(64L << 10, Sizes.parse("64kb", "--max-size"));
    }

    @Test
    void rejectsNonsenseWithTheOptionName() {
        UserException e = assertThrows(UserException.class, () -> Sizes.parse("lots", "--max-size"));
        assertEquals("--max-size takes a size such as 500m or 2g, not 'lots'", e.getMessage());
        assertEquals(ExitCodes.USAGE, e.exitCode());
    }
}
