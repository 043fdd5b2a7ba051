package examples;

import java.util.concurrent.StructuredTaskScope;

/**
 * JDK 25 with --enable-preview: a StructuredTaskScope forks two subtasks (each on a virtual thread), joins them,
 * and reads each result. Not compiled by Maven; the tests and regenerate.sh compile it with JDK 25.
 */
public class Scopes {
    static int priceOf(String item) {
        return item.length() * 3;
    }

    static int quote() throws InterruptedException {
        try (var scope = StructuredTaskScope.open()) {
            var apple = scope.fork(() -> priceOf("apple"));
            var kiwi = scope.fork(() -> priceOf("kiwi"));
            scope.join();
            return apple.get() + kiwi.get();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("quote " + quote());
    }
}
