package demo;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hand-offs to executors, one method each, run one after the other. Lines marked "fork:KIND" are the fork sites
 * the test expects in the recording.
 */
public class ExecutorTasks {
    /** A user-written executor that hands its tasks on to another one. */
    static final class Delegating implements Executor {
        private final Executor next;

        Delegating(Executor next) {
            this.next = next;
        }

        @Override
        public void execute(Runnable command) {
            next.execute(command);
        }
    }

    /** A Runnable class of the program (not a lambda), submitted twice. */
    static final class Greeting implements Runnable {
        @Override
        public void run() {
            greet("twice");
        }
    }

    static int price(String item) {
        return item.length() * 10;
    }

    static void greet(String who) {
        System.out.println("hello " + who);
    }

    static int submitAndGet(ExecutorService pool) throws Exception {
        Future<Integer> price = pool.submit(() -> price("apple")); // fork:submit
        return price.get(); // join:get
    }

    static void executeAndWait(ExecutorService pool) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> { // fork:execute
            greet("executed");
            done.countDown();
        });
        done.await();
    }

    static void sameTaskTwice(ExecutorService pool) throws Exception {
        Greeting greeting = new Greeting();
        pool.submit(greeting).get(); // fork:submit-twice
        pool.submit(greeting).get();
    }

    static void throughUserExecutor(ExecutorService pool) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        new Delegating(pool).execute(() -> { // fork:delegating
            greet("delegated");
            done.countDown();
        });
        done.await();
    }

    static int nested(ExecutorService pool) throws Exception {
        return pool.submit(() -> pool.submit(() -> price("kiwi")).get()).get(); // fork:nested
    }

    static int invokeAll(ExecutorService pool) throws Exception {
        List<Callable<Integer>> prices = List.of(() -> price("a"), () -> price("bb"));
        int sum = 0;
        for (Future<Integer> price : pool.invokeAll(prices)) { // fork:invokeAll
            sum += price.get();
        }
        return sum;
    }

    static int schedule(ScheduledExecutorService scheduler) throws Exception {
        return scheduler.schedule(() -> price("plum"), 5, TimeUnit.MILLISECONDS).get(); // fork:schedule
    }

    static String failing(ExecutorService pool) throws InterruptedException {
        try {
            pool.submit(() -> Integer.parseInt("twelve")).get(); // fork:failing
            return "no failure";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    /** A single worker blocked, so that what is queued behind it never runs, is cancelled or taken back. */
    static String neverRun() throws Exception {
        ThreadPoolExecutor single = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        single.execute(() -> {
            blocking.countDown();
            awaitQuietly(release);
        });
        blocking.await();
        Future<Integer> cancelled = single.submit(() -> price("never")); // fork:cancelled
        Runnable removed = () -> greet("removed");
        single.execute(removed); // fork:removed
        Runnable dropped = () -> greet("dropped");
        single.execute(dropped); // fork:dropped
        boolean cancel = cancelled.cancel(false);
        boolean remove = single.remove(removed);
        List<Runnable> left = single.shutdownNow(); // interrupts the blocked worker
        release.countDown();
        return "cancel " + cancel + ", remove " + remove + ", shutdownNow gave back " + left.contains(dropped);
    }

    /** A task that cancels its own future once its work is done, as Reactor's workers dispose of themselves. */
    static String cancelsItself(ExecutorService pool) throws InterruptedException {
        AtomicReference<Future<Integer>> self = new AtomicReference<>();
        CountDownLatch known = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Future<Integer> future = pool.submit(() -> { // fork:cancels-itself
            awaitQuietly(known);
            int price = price("itself");
            self.get().cancel(false);
            done.countDown();
            return price;
        });
        self.set(future);
        known.countDown();
        done.await();
        return "cancelled itself " + future.isCancelled();
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            System.out.println("submit " + submitAndGet(pool));
            executeAndWait(pool);
            sameTaskTwice(pool);
            throughUserExecutor(pool);
            System.out.println("nested " + nested(pool));
            System.out.println("invokeAll " + invokeAll(pool));
            System.out.println("schedule " + schedule(scheduler));
            System.out.println("failing " + failing(pool));
            System.out.println(neverRun());
            System.out.println(cancelsItself(pool));
        } finally {
            pool.shutdown();
            scheduler.shutdown();
        }
    }
}
