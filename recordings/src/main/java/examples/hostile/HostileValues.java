package examples.hostile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values that fight back when looked at: a toString, hashCode and equals that throw, collections that contain
 * themselves, a huge array and a huge string. Traced methods take and return them; the output must not change.
 */
public class HostileValues {
    /** Every method a renderer might call throws. */
    static final class Grenade {
        @Override
        public String toString() {
            throw new IllegalStateException("toString is booby-trapped");
        }

        @Override
        public int hashCode() {
            throw new UnsupportedOperationException("hashCode is booby-trapped");
        }

        @Override
        public boolean equals(Object other) {
            throw new UnsupportedOperationException("equals is booby-trapped");
        }
    }

    /** An exception whose message cannot be read. */
    static final class SecretiveException extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage is booby-trapped");
        }
    }

    static Grenade pass(Grenade grenade) {
        return grenade;
    }

    static int size(List<Object> list) {
        return list.size();
    }

    static int keys(Map<Object, Object> map) {
        return map.size();
    }

    static long sum(int[] numbers) {
        long sum = 0;
        for (int n : numbers) {
            sum += n;
        }
        return sum;
    }

    static String shout(String text) {
        return text.toUpperCase();
    }

    static Object[] nest(Object[] array) {
        array[0] = array; // an array that holds itself
        return array;
    }

    static void explode() {
        throw new SecretiveException();
    }

    public static void main(String[] args) {
        Grenade grenade = pass(new Grenade());
        System.out.println("grenade passed through: " + (grenade != null));

        List<Object> list = new ArrayList<>();
        list.add("first");
        list.add(list);
        System.out.println("self-referencing list of " + size(list));

        Map<Object, Object> map = new HashMap<>();
        map.put("self", map);
        map.put("list", list);
        System.out.println("self-referencing map of " + keys(map));

        int[] numbers = new int[20_000_000];
        Arrays.fill(numbers, 3);
        System.out.println("sum of a huge array: " + sum(numbers));

        String huge = "x".repeat(5_000_000);
        System.out.println("huge string shouted: " + shout(huge).length());

        Object[] nested = nest(new Object[2]);
        System.out.println("array holds itself: " + (nested[0] == nested));

        try {
            explode();
        } catch (SecretiveException e) {
            System.out.println("caught " + e.getClass().getSimpleName());
        }
        System.err.println("done, on stderr");
    }
}
