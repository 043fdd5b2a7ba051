package examples;

/** Calls on several named threads, started one after the other so their order is the same in every run. */
public class Workers {
    static int work(String job, int rounds) {
        int done = 0;
        for (int i = 0; i < rounds; i++) {
            done += step(job, i);
        }
        return done;
    }

    static int step(String job, int round) {
        return job.length() + round;
    }

    public static void main(String[] args) throws InterruptedException {
        Thread first = new Thread(() -> work("alpha", 2), "worker-1");
        first.start();
        first.join();
        Thread second = new Thread(() -> work("beta", 1), "worker-2");
        second.start();
        second.join();
        System.out.println("done");
    }
}
