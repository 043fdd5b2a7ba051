package demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny shop whose calls the agent's tests read back: recursion, void and null, a throw, a lambda, secrets,
 * primitives of every type among a method's first three arguments and after them.
 */
public class Shop {
    enum Color { RED, GREEN }

    record Item(String name, int cents) {
    }

    private final String owner;

    Shop(String owner) {
        this.owner = owner;
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    void log(String line) {
        System.out.println(owner + ": " + line);
    }

    String findCoupon(String code) {
        return null;
    }

    static int withdraw(int balance, int amount) {
        if (amount > balance) {
            throw new IllegalStateException("insufficient funds: " + balance + " < " + amount);
        }
        return balance - amount;
    }

    static String tryWithdraw(int balance, int amount) {
        try {
            return "left " + withdraw(balance, amount);
        } catch (IllegalStateException e) {
            return "refused";
        }
    }

    static boolean login(String user, String password) {
        return password.length() > 3;
    }

    static int total(List<Item> items) {
        return items.stream().mapToInt(item -> priceOf(item)).sum();
    }

    static int priceOf(Item item) {
        return item.cents();
    }

    static String paint(Color color, List<String> fruits, Map<String, Integer> stock, char mark, long big,
                        double ratio) {
        return color.name().toLowerCase() + " " + fruits.size() + " " + stock.size() + mark + big + ratio;
    }

    static double weigh(boolean gift, float kilos, char size, short boxes) {
        return (gift ? 1 : 0) + kilos * boxes + size;
    }

    static String pack(double ratio, long grams, byte step) {
        return ratio + "/" + grams + "/" + step;
    }

    public static void main(String[] args) {
        int n = Integer.getInteger("fib", 4); // -Dfib=30 makes a big recording
        System.out.println("fib(" + n + ") = " + fib(n));
        Shop shop = new Shop("alice");
        shop.log("open");
        System.out.println("coupon " + shop.findCoupon("XMAS"));
        System.out.println(tryWithdraw(5, 10));
        System.out.println("login " + login("bob", "hunter2"));
        System.out.println("total " + total(List.of(new Item("apple", 30), new Item("kiwi", 45))));
        System.out.println(paint(Color.RED, List.of("apple", "kiwi"), new TreeMap<>(Map.of("a", 1, "b", 2)), 'x',
                9_000_000_000L, 3.5));
        System.out.println(weigh(true, 0.5f, 'M', (short) 3) + " " + pack(-0.25, -7L, (byte) 127));
        System.err.println("done, says stderr");
    }
}
