package examples;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A command-line tool in the way of javac or Maven: it does its work on a pool and ends through System.exit from
 * inside its calls, leaving the pool's workers idle. Neither main's open calls nor the idle workers are problems.
 */
public class Compile {
    static int compile(String file) {
        return file.length();
    }

    static int compileAll(List<String> files, ExecutorService pool) throws Exception {
        int errors = 0;
        for (String file : files) {
            Future<Integer> result = pool.submit(() -> compile(file));
            errors += result.get() > 12 ? 1 : 0;
        }
        return errors;
    }

    static void exit(int errors) {
        System.out.println(errors + " errors");
        System.exit(errors == 0 ? 0 : 1);
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        exit(compileAll(List.of("Main.java", "Util.java"), pool));
    }
}
