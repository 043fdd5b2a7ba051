package examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values and exceptions: constructors, static and instance methods, a lambda, void and null results, an exception
 * caught by the caller, one caught inside untraced code, and one that escapes the program.
 */
public class Orders {
    enum Status { NEW, PAID, REJECTED }

    record Line(String item, int quantity) {
    }

    private final Map<String, Integer> prices = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();

    Orders(int applePrice) {
        prices.put("apple", applePrice);
        prices.put("kiwi", 7);
        prices.put("pear", 4);
    }

    int total(List<String> items) {
        int sum = 0;
        for (String item : items) {
            sum += priceOf(item);
        }
        return sum;
    }

    int priceOf(String item) {
        Integer price = prices.get(item);
        if (price == null) {
            throw new IllegalArgumentException("no price for " + item);
        }
        return price;
    }

    Status pay(List<String> items) {
        try {
            return total(items) > 0 ? Status.PAID : Status.NEW;
        } catch (IllegalArgumentException e) {
            return Status.REJECTED;
        }
    }

    static int parseQuantity(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void note(String text) {
        log.add(text);
    }

    String find(String item) {
        return prices.containsKey(item) ? item : null;
    }

    Line line(String item, int quantity) {
        return new Line(item, quantity);
    }

    double[] weights(int n) {
        return new double[n];
    }

    void ship(Status status) {
        if (status != Status.PAID) {
            throw new IllegalStateException("cannot ship an order that is " + status);
        }
    }

    public static void main(String[] args) {
        Orders orders = new Orders(12);
        System.out.println("total " + orders.total(List.of("apple", "kiwi")));
        System.out.println("status " + orders.pay(List.of("apple", "durian")));
        System.out.println("quantities " + parseQuantity("3") + " " + parseQuantity("x1"));
        List.of("first line\nsecond", "say \"hi\"").forEach(text -> orders.note(text));
        System.out.println("found " + orders.find("kiwi") + " " + orders.find("mango"));
        System.out.println("weights " + orders.weights(1000).length + ", line " + orders.line("pear", 2).quantity());
        orders.ship(Status.PAID);
        orders.ship(Status.REJECTED);
    }
}
