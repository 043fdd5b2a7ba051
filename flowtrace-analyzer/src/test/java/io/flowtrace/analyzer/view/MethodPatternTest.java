package io.flowtrace.analyzer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowtrace.analyzer.model.MethodInfo;

class MethodPatternTest {
    private static final MethodInfo CHECKOUT = new MethodInfo(1, "com.acme.Shop", "checkout", "()V", List.of(), 1);
    private static final MethodInfo ADD = new MethodInfo(2, "com.acme.Shop$Cart", "add", "(I)V", List.of("n"), 1);

    @Test
    void selectsRecordedMethodsWithTheRecordersSyntax() {
        assertTrue(MethodPattern.parse("com.acme.Shop").matches(ADD));
        assertTrue(MethodPattern.parse("com.acme.Shop::checkout").matches(CHECKOUT));
        assertFalse(MethodPattern.parse("com.acme.Shop::checkout").matches(ADD));
        assertFalse(MethodPattern.parse("com.acme.shop.**").matches(CHECKOUT));
    }

    @Test
    void invalidPatternsSayWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodPattern.parse("com..acme"));
        assertEquals("invalid pattern 'com..acme': empty name between dots", e.getMessage());
    }
}
