package io.flowtrace.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TracePatternTest {
    static boolean matches(String pattern, String className, String method) {
        return TracePattern.parse(pattern).matches(className, method);
    }

    @Test
    void packageAndSubpackages() {
        assertTrue(matches("com.acme.**", "com.acme.Shop", "buy"));
        assertTrue(matches("com.acme.**", "com.acme.shop.Cart$Line", "add"));
        assertFalse(matches("com.acme.**", "com.acmex.Shop", "buy"));
        assertFalse(matches("com.acme.**", "com.acme", "x"));
    }

    @Test
    void classesOfOnePackage() {
        assertTrue(matches("com.acme.*", "com.acme.Shop", "buy"));
        assertTrue(matches("com.acme.*", "com.acme.Shop$Cart", "buy"));
        assertFalse(matches("com.acme.*", "com.acme.shop.Cart", "add"));
        assertFalse(matches("com.acme.*", "com.acmex.Shop", "buy"));
    }

    @Test
    void aClassAndItsNestedClasses() {
        assertTrue(matches("com.acme.Shop", "com.acme.Shop", "buy"));
        assertTrue(matches("com.acme.Shop", "com.acme.Shop$Cart", "add"));
        assertFalse(matches("com.acme.Shop", "com.acme.ShopKeeper", "sell"));
    }

    @Test
    void methodsByName() {
        assertTrue(matches("com.acme.Shop::buy", "com.acme.Shop", "buy"));
        assertFalse(matches("com.acme.Shop::buy", "com.acme.Shop", "buyAll"));
        assertTrue(matches("com.acme.Shop::<init>", "com.acme.Shop", "<init>"));
        assertFalse(matches("com.acme.Shop::buy", "com.acme.Shop$Cart", "buy"), "like the recorder: that class only");
    }

    @Test
    void methodPatternsNameOnlySomeMethodsOfTheirClass() {
        assertFalse(TracePattern.parse("com.acme.Shop::buy").coversWholeType());
        assertTrue(TracePattern.parse("com.acme.Shop::buy").matchesType("com.acme.Shop"));
        assertFalse(TracePattern.parse("com.acme.Shop::buy").matchesType("com.acme.ShopKeeper"));
        assertTrue(TracePattern.parse("com.acme.Shop").coversWholeType());
        assertTrue(TracePattern.parse("com.acme.*").coversWholeType());
    }

    @Test
    void invalidPatternsSayWhy() {
        assertInvalid("", "invalid pattern '': it is empty");
        assertInvalid("com..acme", "invalid pattern 'com..acme': empty name between dots");
        assertInvalid("com.ac*me", "invalid pattern 'com.ac*me': '*' only stands alone as the last name, as in "
                + "'com.acme.*' or 'com.acme.**'");
        assertInvalid("com.acme.Shop::", "invalid pattern 'com.acme.Shop::': method name missing after '::'");
        assertInvalid("a::b::c", "invalid pattern 'a::b::c': more than one '::'");
        assertInvalid("::run", "invalid pattern '::run': class missing before '::'");
        assertInvalid("com/acme/Shop", "invalid pattern 'com/acme/Shop': '/' is not allowed in a class name");
        assertInvalid("com.acme.Shop::bu-y", "invalid pattern 'com.acme.Shop::bu-y': 'bu-y' is not a method name "
                + "(use a name, or <init> for constructors)");
        assertInvalid("com.acme.**::get", "invalid pattern 'com.acme.**::get': '::' needs a class before it, not "
                + "a package pattern");
        assertInvalid("com.1acme.*", "invalid pattern 'com.1acme.*': '1acme' is not a Java name");
        assertInvalid("**", "invalid pattern '**': '*' only stands alone as the last name, as in 'com.acme.*' or "
                + "'com.acme.**'");
        assertInvalid("com.acme.Shop::<clinit>", "invalid pattern 'com.acme.Shop::<clinit>': '<clinit>' is not a "
                + "method name (use a name, or <init> for constructors)");
        assertInvalid("com acme", "invalid pattern 'com acme': ' ' is not allowed in a class name");
    }

    private static void assertInvalid(String pattern, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TracePattern.parse(pattern));
        assertEquals(message, e.getMessage());
    }
}
