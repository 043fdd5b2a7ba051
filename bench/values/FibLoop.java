import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import benchmarks.Fib;

/**
 * The JMH benchmarks' recursions (flowtrace-benchmarks' {@link Fib}) in a plain loop, for a profiler or the JIT's logs:
 * {@code fib(20)}, {@code fibOf("order-17", 20)}, {@code fibCopy(20)} or {@code fibIdCopy(17, 20)} 200 times a
 * round; prints the main thread's CPU ns per call of each round after the first third. Usage, with the benchmarks
 * jar on the class path:
 * {@code java -javaagent:flowtrace-agent.jar=include=benchmarks.Fib::fibOf -cp benchmarks.jar:DIR FibLoop fibOf 15}
 */
public class FibLoop {
    public static void main(String[] args) {
        String which = args[0];
        int rounds = Integer.parseInt(args[1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long calls = Fib.calls(20) * 200;
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 200; i++) {
                sink += switch (which) {
                    case "fib" -> Fib.fib(20);
                    case "fibCopy" -> Fib.fibCopy(20);
                    case "fibIdCopy" -> Fib.fibIdCopy(17, 20);
                    default -> Fib.fibOf(Fib.TEXT, 20);
                };
            }
            long end = threads.getCurrentThreadCpuTime();
            if (round >= rounds / 3) {
                System.out.printf("%s %.1f%n", which, (end - start) / (double) calls);
            }
        }
        System.out.println(sink);
    }
}
