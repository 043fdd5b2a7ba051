package demo;

import io.flowtrace.FlowTrace;

/** Threads started and joined, a thread that starts a thread, Thread subclasses, and checkpoints. */
public class ThreadTasks {
    static String report;

    static void load(String name) {
        FlowTrace.checkpoint("loading " + name);
        report = name.toUpperCase();
    }

    static void startAndJoin() throws InterruptedException {
        Thread loader = new Thread(() -> load("sales"), "loader");
        loader.start(); // fork:thread
        loader.join(); // join:threadJoin
    }

    static void parentAndChild() throws InterruptedException {
        Thread parent = new Thread(() -> {
            Thread child = new Thread(() -> load("child"), "child");
            child.start(); // fork:child
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parent");
        parent.start(); // fork:parent
        parent.join();
    }

    /** A Thread subclass that overrides run: Thread.run never runs. */
    static final class Exporter extends Thread {
        Exporter() {
            super("exporter");
        }

        @Override
        public void run() {
            load("export");
        }
    }

    /** One whose run also calls super.run (with a Runnable): the task starts once. */
    static final class Auditor extends Thread {
        Auditor() {
            super(() -> load("audit"), "auditor");
        }

        @Override
        public void run() {
            report = "auditing";
            super.run();
        }
    }

    static void subclasses() throws InterruptedException {
        Thread exporter = new Exporter();
        exporter.start(); // fork:subclass
        exporter.join();
        Thread auditor = new Auditor();
        auditor.start(); // fork:superRun
        auditor.join();
    }

    public static void main(String[] args) throws InterruptedException {
        FlowTrace.beforeAwait("threads");
        startAndJoin();
        System.out.println("report " + report);
        parentAndChild();
        System.out.println("report " + report);
        subclasses();
        System.out.println("report " + report);
        FlowTrace.afterAwait("threads");
    }
}
