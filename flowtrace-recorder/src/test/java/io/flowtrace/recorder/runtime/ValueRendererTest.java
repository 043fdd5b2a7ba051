package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import io.flowtrace.events.EventNames;
import org.junit.jupiter.api.Test;

class ValueRendererTest {
    private final ValueRenderer safe = new ValueRenderer(ValueMode.SAFE, 80);
    private final ValueRenderer toString = new ValueRenderer(ValueMode.TOSTRING, 80);

    enum Color { RED, GREEN { } }

    record Point(int x, int y) {
    }

    /** Every method a renderer must not call in safe mode throws. */
    static final class Hostile {
        @Override
        public String toString() {
            throw new IllegalStateException("toString called");
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("hashCode called");
        }

        @Override
        public boolean equals(Object other) {
            throw new IllegalStateException("equals called");
        }
    }

    static final class Recursive {
        @Override
        public String toString() {
            return toString();
        }
    }

    /** A list of the program's own: iterating it would run its code. */
    static final class UserList extends ArrayList<String> {
        @Override
        public Iterator<String> iterator() {
            throw new IllegalStateException("iterator called");
        }
    }

    static final class ChattyException extends RuntimeException {
        ChattyException() {
            super("the real message");
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage called");
        }
    }

    @Test
    void nullAndPrimitivesAsJavaLiterals() {
        assertEquals("null", safe.render(null));
        assertEquals("42", safe.render(42));
        assertEquals("-7", safe.render((short) -7));
        assertEquals("8", safe.render((byte) 8));
        assertEquals("true", safe.render(true));
        assertEquals("3.5", safe.render(3.5));
        assertEquals("0.25", safe.render(0.25f));
        assertEquals("9000000000", safe.render(9_000_000_000L));
        assertEquals("'c'", safe.render('c'));
        assertEquals("'\\''", safe.render('\''));
        assertEquals("'\\n'", safe.render('\n'));
        assertEquals("'\\u0000'", safe.render('\0'));
    }

    @Test
    void stringsQuotedEscapedAndCut() {
        assertEquals("\"a\\\"b\\n\"", safe.render("a\"b\n"));
        assertEquals("\"tab\\there \\\\ back\"", safe.render("tab\there \\ back"));
        assertEquals("\"bell\\u0007 and separator\\u001f\"", safe.render("bell\u0007 and separator\u001F"));
        assertEquals("\"héllo wörld ✓\"", safe.render("héllo wörld ✓"));
        assertEquals("\"aaaa…\"", new ValueRenderer(ValueMode.SAFE, 4).render("aaaaaaaaaa"));
        assertEquals("\"aaaa\"", new ValueRenderer(ValueMode.SAFE, 4).render("aaaa"));
        assertEquals("\"\"", safe.render(""));
    }

    @Test
    void loneSurrogatesAndNonCharactersAreEscaped() {
        // a lone surrogate cannot be written as UTF-8 (JFR would write '?'): escaped, told apart from a real '?'
        assertEquals("\"\\udc00 lone low\"", safe.render("\udc00 lone low"));
        assertEquals("\"high \\ud83d? and pair \uD83D\uDE00\"", safe.render("high \uD83D? and pair \uD83D\uDE00"));
        assertEquals("\"ends high\\ud83d\"", safe.render("ends high\uD83D"));
        assertEquals("'\\udc00'", safe.render('\uDC00'));
        assertEquals("\"not characters \\ufffe\\ufdd0\"", safe.render("not characters \uFFFE\uFDD0"));
    }

    @Test
    void aLongStringIsCutAfterMaxStringCharacters() {
        String rendered = safe.render("x".repeat(1_000_000));
        assertEquals("\"" + "x".repeat(80) + "…\"", rendered);
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        assertEquals("\"ab…\"", new ValueRenderer(ValueMode.SAFE, 3).render("ab\uD83D\uDE00cd"));
    }

    @Test
    void enumsByNameEvenWithABody() {
        assertEquals("Color.RED", safe.render(Color.RED));
        assertEquals("Color.GREEN", safe.render(Color.GREEN));
    }

    @Test
    void classesAsClassLiterals() {
        assertEquals("String.class", safe.render(String.class));
        assertEquals("int[].class", safe.render(int[].class));
        assertEquals("ValueRendererTest$Point[][].class", safe.render(Point[][].class));
    }

    @Test
    void arraysByTypeAndLength() {
        assertEquals("int[1000000]", safe.render(new int[1_000_000]));
        assertEquals("String[3]", safe.render(new String[3]));
        assertEquals("int[2][]", safe.render(new int[2][5]));
        assertEquals("ValueRendererTest$Point[0]", safe.render(new Point[0]));
    }

    @Test
    void immutableJdkValuesThroughTheirToString() {
        assertEquals("12.50", safe.render(new BigDecimal("12.50")));
        assertEquals("123456789012345678901234567890", safe.render(new BigInteger("123456789012345678901234567890")));
        assertEquals("2024-02-29", safe.render(LocalDate.of(2024, 2, 29)));
        assertEquals("PT1M30S", safe.render(Duration.ofSeconds(90)));
        UUID uuid = UUID.randomUUID();
        assertEquals(uuid.toString(), safe.render(uuid));
        assertEquals("/tmp/report.txt", safe.render(Path.of("/tmp/report.txt")));
        assertEquals("data.csv", safe.render(new File("data.csv")));
        assertEquals("\"built\"", safe.render(new StringBuilder("built")));
        assertEquals("\"buffer\"", safe.render(new StringBuffer("buffer")));
        assertEquals("Optional[\"x\"]", safe.render(Optional.of("x")));
        assertEquals("Optional.empty", safe.render(Optional.empty()));
    }

    @Test
    void numbersTooBigToShowBySizeWithoutTheirText() {
        BigInteger big = BigInteger.TEN.pow(100_000); // its toString alone takes milliseconds
        assertEquals("BigInteger(bitLength=332193)", safe.render(big));
        assertEquals("BigDecimal(bitLength=332193, scale=2)", safe.render(new BigDecimal(big, 2)));
        BigInteger largestShown = BigInteger.ONE.shiftLeft(ValueRenderer.MAX_NUMBER_BITS).subtract(BigInteger.ONE);
        assertEquals(largestShown.toString(), new ValueRenderer(ValueMode.SAFE, 2000).render(largestShown));
    }

    @Test
    void aSubclassOfAJdkValueIsTheProgramsOwn() {
        BigDecimal sneaky = new BigDecimal("1") {
            @Override
            public String toString() {
                throw new IllegalStateException("toString called");
            }
        };
        assertTrue(safe.render(sneaky).matches("ValueRendererTest\\$\\d+@[0-9a-f]+"), safe.render(sneaky));
    }

    @Test
    void jdkCollectionsAndMapsShowTheirElements() {
        assertEquals("[\"apple\", \"kiwi\"]", safe.render(List.of("apple", "kiwi")));
        assertEquals("[1, 2, 3]", safe.render(new ArrayList<>(List.of(1, 2, 3))));
        assertEquals("{\"a\"=1, \"b\"=2}", safe.render(new TreeMap<>(Map.of("a", 1, "b", 2))));
        assertEquals("[]", safe.render(Collections.emptyList()));
        assertEquals("{}", safe.render(new HashMap<>()));
        assertEquals("[\"only\"]", safe.render(Set.of("only")));
        assertEquals("[Color.RED, null]", safe.render(Arrays.asList(Color.RED, null)));
    }

    @Test
    void atMostEightElementsThenHowManyMore() {
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(i);
        }
        assertEquals("[0, 1, 2, 3, 4, 5, 6, 7, …+992]", safe.render(thousand));
        Map<Integer, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            map.put(i, i * i);
        }
        assertEquals("{0=0, 1=1, 2=4, 3=9, 4=16, 5=25, 6=36, 7=49, …+2}", safe.render(map));
    }

    @Test
    void nestedAtMostTwoDeep() {
        assertEquals("[[1, 2], [List12(size=1)]]",
                safe.render(List.of(List.of(1, 2), List.of(List.of(3)))).replace("ImmutableCollections$", ""));
        assertEquals("{\"k\"=[\"v\"]}", safe.render(Map.of("k", List.of("v"))));
    }

    @Test
    void selfReferencesShowAsThis() {
        List<Object> list = new ArrayList<>();
        list.add("me");
        list.add(list);
        assertEquals("[\"me\", (this)]", safe.render(list));
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        assertEquals("{\"self\"=(this)}", safe.render(map));
    }

    @Test
    void aCollectionThatFailsWhileIteratingFallsBackToItsSize() {
        List<Integer> changing = new ArrayList<>(List.of(1, 2, 3)) {
        };
        // an anonymous subclass is the program's own class: shown by identity, its iterator never runs
        assertTrue(safe.render(changing).matches("ValueRendererTest\\$\\d+@[0-9a-f]+"));

        ArrayList<Object> list = new ArrayList<>(List.of(1, 2, 3));
        list.add(new Object() {
            @Override
            public String toString() {
                list.add("more"); // only runs in tostring mode: modifies the list while it is rendered
                return "changer";
            }
        });
        assertEquals("ArrayList(size=5)", toString.render(list));
    }

    @Test
    void otherObjectsByClassAndIdentityHashWithoutRunningTheirCode() {
        Hostile hostile = new Hostile();
        assertEquals("ValueRendererTest$Hostile@" + Integer.toHexString(System.identityHashCode(hostile)),
                safe.render(hostile));
        Point point = new Point(1, 2);
        assertEquals("ValueRendererTest$Point@" + Integer.toHexString(System.identityHashCode(point)),
                safe.render(point));
        assertTrue(safe.render(new UserList()).startsWith("ValueRendererTest$UserList@"));
        assertTrue(safe.render(List.of(hostile)).matches("\\[ValueRendererTest\\$Hostile@[0-9a-f]+]"));
        assertTrue(safe.render(Collections.unmodifiableList(new UserList()))
                .startsWith("Collections$UnmodifiableRandomAccessList@"), "wrappers may hide the program's code");
    }

    @Test
    void lambdasWithoutTheirGeneratedSuffix() {
        Supplier<String> lambda = () -> "x";
        String rendered = safe.render(lambda);
        assertTrue(rendered.matches("ValueRendererTest\\$\\$Lambda@[0-9a-f]+"), rendered);
    }

    @Test
    void toStringModeCallsToStringAndSurvivesWhatItThrows() {
        assertEquals("Point[x=1, y=2]", toString.render(new Point(1, 2)));
        Hostile hostile = new Hostile();
        assertEquals("ValueRendererTest$Hostile@" + Integer.toHexString(System.identityHashCode(hostile))
                + "<toString threw IllegalStateException>", toString.render(hostile));
        assertTrue(toString.render(new Recursive()).endsWith("<toString threw StackOverflowError>"));
        assertEquals("Point[x=1, y…", new ValueRenderer(ValueMode.TOSTRING, 12).render(new Point(1, 2)));
        assertEquals("[\"a\"]", toString.render(List.of("a")), "JDK collections render as in safe mode");
    }

    @Test
    void argumentsJoinedBySeparatorWithSecretsHidden() {
        String separator = String.valueOf(EventNames.ARGUMENT_SEPARATOR);
        assertEquals("\"bob\"" + separator + "\"***\"" + separator + "3",
                safe.renderArguments(new Object[] {"bob", "hunter2", 3}, new boolean[] {false, true, false}));
        assertEquals("1" + separator + "null", safe.renderArguments(new Object[] {1, null}, null));
        assertEquals("", safe.renderArguments(new Object[0], null));
    }

    @Test
    void exceptionMessagesOnlyFromJdkCodeInSafeMode() {
        assertEquals("\"insufficient funds\"", safe.renderMessage(new IllegalStateException("insufficient funds")));
        assertNull(safe.renderMessage(new IllegalStateException()));
        assertNull(safe.renderMessage(new ChattyException()));
        assertNull(toString.renderMessage(new ChattyException()), "a getMessage that throws gives no message");
        assertEquals("\"" + "m".repeat(80) + "…\"", safe.renderMessage(new RuntimeException("m".repeat(100))));
        assertNull(new ValueRenderer(ValueMode.NONE, 80).renderMessage(new RuntimeException("secret")));
    }
}
