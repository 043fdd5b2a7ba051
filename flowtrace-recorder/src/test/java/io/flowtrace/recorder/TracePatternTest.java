package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TracePatternTest {
    @Test
    void doubleStarCoversThePackageAndItsSubpackages() {
        TracePattern pattern = TracePattern.parse("com.acme.**");
        assertTrue(pattern.matchesType("com.acme.Shop"));
        assertTrue(pattern.matchesType("com.acme.shop.Cart$Item"));
        assertFalse(pattern.matchesType("com.acmex.Shop"));
        assertFalse(pattern.matchesType("com.acme"));
        assertTrue(pattern.coversWholeType());
    }

    @Test
    void singleStarCoversClassesOfThatPackageOnly() {
        TracePattern pattern = TracePattern.parse("com.acme.*");
        assertTrue(pattern.matchesType("com.acme.Shop"));
        assertTrue(pattern.matchesType("com.acme.Shop$Cart"));
        assertFalse(pattern.matchesType("com.acme.shop.Cart"));
    }

    @Test
    void aClassNameCoversTheClassAndItsNestedClasses() {
        TracePattern pattern = TracePattern.parse("com.acme.Shop");
        assertTrue(pattern.matchesType("com.acme.Shop"));
        assertTrue(pattern.matchesType("com.acme.Shop$Cart"));
        assertFalse(pattern.matchesType("com.acme.ShopKeeper"));
        assertTrue(pattern.matchesMethod("com.acme.Shop$Cart", "add"));
    }

    @Test
    void aMethodPatternCoversMethodsOfThatNameInThatClassOnly() {
        TracePattern pattern = TracePattern.parse("com.acme.Shop::checkout");
        assertTrue(pattern.matchesMethod("com.acme.Shop", "checkout"));
        assertFalse(pattern.matchesMethod("com.acme.Shop", "browse"));
        assertFalse(pattern.matchesMethod("com.acme.Shop$Cart", "checkout"));
        assertTrue(pattern.matchesType("com.acme.Shop"));
        assertFalse(pattern.coversWholeType());
    }

    @Test
    void constructorsAreNamedInit() {
        TracePattern pattern = TracePattern.parse("com.acme.Shop::<init>");
        assertTrue(pattern.matchesMethod("com.acme.Shop", "<init>"));
        assertFalse(pattern.matchesMethod("com.acme.Shop", "init"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "com..acme", "com.acme.", "**", "com.*.Shop", "com.acme.**::run", "Shop::",
            "com.acme.Shop::<clinit>", "com acme", "com.acme.***"})
    void rejectsWhatIsNotOneOfTheFourForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TracePattern.parse(text));
        assertEquals("bad pattern '" + text + "'", e.getMessage());
    }

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
