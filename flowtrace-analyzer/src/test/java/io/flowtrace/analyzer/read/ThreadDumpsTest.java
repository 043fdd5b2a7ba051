package io.flowtrace.analyzer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.flowtrace.analyzer.model.Deadlock;
import io.flowtrace.analyzer.model.LiveThread;
import org.junit.jupiter.api.Test;

class ThreadDumpsTest {
    /** The end of a JDK 17 dump (jcmd Thread.print) with one deadlock over monitors and one over ReentrantLocks. */
    private static final String DUMP = """
            "pool-1-thread-1" #18 prio=5 os_prio=0 cpu=1.49ms elapsed=1.51s tid=0x1 nid=0x604e waiting for monitor entry
               java.lang.Thread.State: BLOCKED (on object monitor)
            \tat demo.Bank.transfer(Bank.java:32)
            \t- waiting to lock <0x00000000000000b0> (a java.lang.Object)
            \t- locked <0x00000000000000a0> (a java.lang.Object)

            "pool-1-thread-2" #19 prio=5 os_prio=0 cpu=0.52ms elapsed=1.51s tid=0x2 nid=0x604f waiting for monitor entry
               java.lang.Thread.State: BLOCKED (on object monitor)
            \tat demo.Bank.transfer(Bank.java:32)

            JNI global refs: 15, weak refs: 0

            Found one Java-level deadlock:
            =============================
            "pool-1-thread-1":
              waiting to lock monitor 0x00007f1a500029c0 (object 0x00000000000000b0, a java.lang.Object),
              which is held by "pool-1-thread-2"

            "pool-1-thread-2":
              waiting to lock monitor 0x00007f1a5800b6b0 (object 0x00000000000000a0, a java.lang.Object),
              which is held by "pool-1-thread-1"

            Java stack information for the threads listed above:
            ===================================================
            "pool-1-thread-1":
            \tat demo.Bank.transfer(Bank.java:32)
            "pool-1-thread-2":
            \tat demo.Bank.transfer(Bank.java:32)

            Found one Java-level deadlock:
            =============================
            "stock":
              waiting for ownable synchronizer 0x00000000000000c8, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
              which is held by "orders"

            "orders":
              waiting for ownable synchronizer 0x00000000000000c0, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
              which is held by "stock"

            Java stack information for the threads listed above:
            ===================================================
            "stock":
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)

            Found 2 deadlocks.
            """;

    @Test
    void deadlocksTheJvmFoundWithTheLocksAndTheirHolders() {
        List<Deadlock> deadlocks = ThreadDumps.deadlocks(DUMP);
        assertEquals(2, deadlocks.size());
        Deadlock monitors = deadlocks.get(0);
        assertEquals(List.of(
                new Deadlock.Wait("pool-1-thread-1", "<0x00000000000000b0> (a java.lang.Object)", "pool-1-thread-2"),
                new Deadlock.Wait("pool-1-thread-2", "<0x00000000000000a0> (a java.lang.Object)", "pool-1-thread-1")),
                monitors.waits());
        assertEquals("<0x00000000000000a0> (a java.lang.Object)", monitors.heldBy("pool-1-thread-1"));
        Deadlock locks = deadlocks.get(1);
        assertEquals(new Deadlock.Wait("stock",
                "<0x00000000000000c8> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)", "orders"),
                locks.waits().get(0));
        assertEquals("<0x00000000000000c8> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)",
                locks.heldBy("orders"), "orders holds what stock waits for");
    }

    @Test
    void theDeadlockSectionsAddNoFramesToTheThreads() {
        List<LiveThread> threads = ThreadDumps.parse(DUMP);
        assertEquals(2, threads.size());
        assertEquals(1, threads.get(1).frames().size(), () -> threads.get(1).toString());
        assertEquals("BLOCKED (on object monitor)", threads.get(1).state());
    }

    @Test
    void aDumpWithoutDeadlocksHasNone() {
        assertEquals(List.of(), ThreadDumps.deadlocks(DUMP.substring(0, DUMP.indexOf("Found one"))));
        assertEquals(List.of(), ThreadDumps.deadlocks(null));
    }
}
