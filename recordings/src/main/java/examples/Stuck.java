package examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A program already stuck in one task when FlowTrace attaches: a report task waits for a release that comes only
 * with the line "release", while the main thread handles every other line it reads.
 */
public class Stuck {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        Future<String> report = pool.submit(() -> awaitRelease(release));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        serve(in);
        release.countDown();
        System.out.println(report.get());
        pool.shutdown();
    }

    static void serve(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null && !line.equals("release"); line = in.readLine()) {
            System.out.println(handle(line));
            System.out.flush();
        }
    }

    static String handle(String order) {
        return "handled " + order + ": " + price(order);
    }

    static int price(String order) {
        return order.length() * 10;
    }

    static String awaitRelease(CountDownLatch release) throws InterruptedException {
        release.await();
        return "released";
    }
}
