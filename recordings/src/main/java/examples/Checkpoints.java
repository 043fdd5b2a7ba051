package examples;

import io.flowtrace.FlowTrace;

/** Checkpoints: one plain mark, one wait announced and ended, and one announced whose end never comes. */
public class Checkpoints {
    static int query(String table) {
        return table.length();
    }

    public static void main(String[] args) {
        FlowTrace.checkpoint("started");
        FlowTrace.beforeAwait("orders");
        int orders = query("orders");
        FlowTrace.afterAwait("orders");
        FlowTrace.beforeAwait("invoices"); // no afterAwait: the recording shows the wait never ended
        System.out.println("orders " + orders);
    }
}
