package examples;

/**
 * Equal exceptions that are not the same one: {@code fetch} catches each failure of {@code connect} and tries again,
 * then gives up with an exception equal to those it caught; {@code fetchOnce} lets the failure pass.
 */
public class Retry {
    static int connect(String host, int attempt) {
        if (host.startsWith("down.")) {
            throw new IllegalArgumentException("unreachable: " + host);
        }
        return attempt;
    }

    static int fetch(String host) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                return connect(host, attempt);
            } catch (IllegalArgumentException e) {
                // try again
            }
        }
        throw new IllegalArgumentException("unreachable: " + host);
    }

    static int fetchOnce(String host) {
        return connect(host, 1);
    }

    public static void main(String[] args) {
        System.out.println("up: attempt " + fetch("up.example"));
        try {
            fetch("down.example");
        } catch (IllegalArgumentException e) {
            System.out.println("down: " + e.getMessage());
        }
        try {
            fetchOnce("down.example");
        } catch (IllegalArgumentException e) {
            System.out.println("down once: " + e.getMessage());
        }
    }
}
