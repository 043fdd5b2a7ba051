package demo;

import com.sun.tools.attach.VirtualMachine;

/**
 * Calls {@link #price} once, then attaches the agent to itself (args: agent jar, agent options) and calls it
 * again: the class was loaded before the agent started, so only retransformation can trace the second call.
 */
public class LateAttach {
    static int price(int cents) {
        return cents * 2;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("before: " + price(10));
        VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            self.loadAgent(args[0], args[1]);
        } finally {
            self.detach();
        }
        System.out.println("after: " + price(20));
    }
}
