import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * What one traced call costs by the kind of value it passes: a loop of calls of static methods of {@link Calls}
 * (trace them with include=ValueKinds$Calls) each with one argument of a kind, or returning one, and an int.
 * Prints the main thread's CPU ns per call of each kind, the median of the rounds after the first few.
 * Usage: java ValueKinds [calls per round] [rounds]
 */
public class ValueKinds {
    enum Color { RED, GREEN }

    static final class Item {
        final int n;

        Item(int n) {
            this.n = n;
        }
    }

    /** The traced methods: each takes one value of its kind and an int, and returns an int (or its kind). */
    static final class Calls {
        static int ofInt(int a, int n) { return a + n; }
        static int ofString(String s, int n) { return s.length() + n; }
        static int ofLongString(String s, int n) { return s.length() + n; }
        static int ofOtherString(String s, int n) { return s.length() + n; }
        static int ofObject(Object o, int n) { return n + 1; }
        static int ofFreshObject(Item o, int n) { return o.n + n; }
        static int ofList(List<?> l, int n) { return l.size() + n; }
        static int ofMap(Map<?, ?> m, int n) { return m.size() + n; }
        static int ofEnum(Color c, int n) { return c.ordinal() + n; }
        static int ofBoxed(Integer i, int n) { return i + n; }
        static int ofChar(char c, int n) { return c + n; }
        static int ofArray(byte[] b, int n) { return b.length + n; }
        static String returnsString(String s, int n) { return s; }
        static Object returnsObject(Object o, int n) { return o; }
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        String shortText = "order-17";
        String longText = "customer-4711@example.com, express";
        Object context = new Object();
        List<Item> items = new ArrayList<>(List.of(new Item(1), new Item(2)));
        List<String> tags = new ArrayList<>(List.of("express", "gift"));
        Map<String, Integer> map = Map.of("a", 1, "b", 2);
        byte[] bytes = new byte[64];
        String[] texts = new String[256]; // a string of 8 chars that differs from the last call's, each call
        for (int i = 0; i < texts.length; i++) {
            texts[i] = String.format("order-%02x", i);
        }
        Object[] kinds = {
            "int", (IntUnaryOperator) n -> Calls.ofInt(7, n),
            "String(8)", (IntUnaryOperator) n -> Calls.ofString(shortText, n),
            "String(34)", (IntUnaryOperator) n -> Calls.ofLongString(longText, n),
            "String(8), 256 kinds", (IntUnaryOperator) n -> Calls.ofOtherString(texts[n & 255], n),
            "object", (IntUnaryOperator) n -> Calls.ofObject(context, n),
            "fresh object", (IntUnaryOperator) n -> Calls.ofFreshObject(new Item(n), n),
            "list of 2 objects", (IntUnaryOperator) n -> Calls.ofList(items, n),
            "list of 2 strings", (IntUnaryOperator) n -> Calls.ofList(tags, n),
            "map of 2", (IntUnaryOperator) n -> Calls.ofMap(map, n),
            "enum", (IntUnaryOperator) n -> Calls.ofEnum(Color.GREEN, n),
            "Integer", (IntUnaryOperator) n -> Calls.ofBoxed(n & 1023, n),
            "char", (IntUnaryOperator) n -> Calls.ofChar('x', n),
            "byte[]", (IntUnaryOperator) n -> Calls.ofArray(bytes, n),
            "returns String(8)", (IntUnaryOperator) n -> Calls.returnsString(shortText, n).length(),
            "returns object", (IntUnaryOperator) n -> Calls.returnsObject(context, n).hashCode(),
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warm = Math.max(1, rounds / 3);
        long[][] nanos = new long[kinds.length / 2][rounds];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < kinds.length / 2; k++) { // the kinds interleaved within each round
                IntUnaryOperator call = (IntUnaryOperator) kinds[2 * k + 1];
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    sink += call.applyAsInt(i);
                }
                nanos[k][round] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        System.out.println("kind                  ns/call   (median of rounds " + (warm + 1) + "-" + rounds + ", "
                + calls + " calls each; sink " + (sink & 0xF) + ")");
        for (int k = 0; k < kinds.length / 2; k++) {
            long[] timed = Arrays.copyOfRange(nanos[k], warm, rounds);
            Arrays.sort(timed);
            System.out.printf("%-20s %9.1f%n", kinds[2 * k], (double) timed[timed.length / 2] / calls);
        }
    }
}
