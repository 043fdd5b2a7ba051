package examples;

/** A thread started to load a report while main waits for it with join. */
public class ThreadJoin {
    static String report;

    static void load(String name) {
        report = name.toUpperCase();
    }

    public static void main(String[] args) throws InterruptedException {
        Thread loader = new Thread(() -> load("sales"), "loader");
        loader.start();
        loader.join();
        System.out.println("report " + report);
    }
}
