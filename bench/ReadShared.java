import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.flowtrace.analyzer.TraceReader;

/**
 * Reads a recording the way {@code flowtrace tree} does ({@link TraceReader#readShared}) several times in one JVM,
 * to tell the first, cold read (class loading, JIT compilation) from warm ones.
 * Usage: java -XX:+UseSerialGC -cp flowtrace-cli/target/flowtrace.jar:. ReadShared RUNS FILE
 */
public class ReadShared {
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            TraceReader.readShared(Path.of(args[1]), null);
            wall.add((System.nanoTime() - t0) / 1e9);
            cpu.add((os.getProcessCpuTime() - c0) / 1e9);
        }
        System.out.printf("first read %.2f s wall, %.2f s CPU; later reads: median %.2f s wall, %.2f s CPU%n",
                wall.get(0), cpu.get(0), median(wall), median(cpu));
        System.exit(0); // JMC's parser threads are not daemons
    }

    private static double median(List<Double> all) {
        List<Double> later = new ArrayList<>(all.subList(1, all.size()));
        Collections.sort(later);
        return later.isEmpty() ? Double.NaN : later.get(later.size() / 2);
    }
}
