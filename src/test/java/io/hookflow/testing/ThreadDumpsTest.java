package io.hookflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadDumpsTest {

    private static final String DUMP = """
            Full thread dump OpenJDK 64-Bit Server VM:

            "main" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition
               java.lang.Thread.State: TIMED_WAITING (sleeping)
            \tat java.lang.Thread.sleep(Native Method)

            "http-thread-pool::http-listener(1)" #40 daemon prio=5 tid=0x3 nid=0x4 waiting on condition
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(Native Method)
            \tat com.sun.enterprise.resource.pool.ConnectionPool.getResource(ConnectionPool.java:1)

            "concurrent/engine-1" #50 daemon prio=5 tid=0x5 nid=0x6 runnable
               java.lang.Thread.State: RUNNABLE
            \tat io.hookflow.delivery.control.EngineWorkers.work(EngineWorkers.java:1)

            "Reference Handler" #2 daemon prio=10 tid=0x7 nid=0x8 runnable
               java.lang.Thread.State: RUNNABLE
            """;

    @Test
    void summaryShowsRequestThreadsAndApplicationThreadsOnly() {
        String summary = ThreadDumps.summary(DUMP);

        assertThat(summary)
                .contains("\"http-thread-pool::http-listener(1)\"", "ConnectionPool.getResource")
                .contains("\"concurrent/engine-1\"", "EngineWorkers.work")
                .doesNotContain("\"main\"", "Reference Handler");
    }

    @Test
    void summaryLeadsWithADeadlockTheJvmFound() {
        String summary = ThreadDumps.summary(DUMP + """

                Found one Java-level deadlock:
                =============================
                "a": waiting to lock monitor 0x1 which is held by "b"
                """);

        assertThat(summary).startsWith("Found one Java-level deadlock");
    }

    @Test
    void summaryIsBoundedWhateverTheDumpHolds() {
        String manyThreads = ("\"http-thread-pool::x\" #1\n   java.lang.Thread.State: RUNNABLE\n\tat a.b(C.java:1)\n\n").repeat(500);

        assertThat(ThreadDumps.summary(manyThreads).lines().count()).isLessThanOrEqualTo(201);
    }
}
