package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TracePatternsTest {
    @Test
    void patternsAreSeparatedByBarsAndShownWithCommas() {
        TracePatterns patterns = TracePatterns.parse("com.acme.** | org.demo.Main::run||");
        assertEquals("com.acme.**,org.demo.Main::run", patterns.toString());
        assertTrue(patterns.matchesMethod("org.demo.Main", "run"));
        assertFalse(patterns.matchesMethod("org.demo.Main", "stop"));
        assertTrue(patterns.coversWholeType("com.acme.x.Y"));
        assertFalse(patterns.coversWholeType("org.demo.Main"));
        assertTrue(TracePatterns.parse(" ").isEmpty());
    }
}
