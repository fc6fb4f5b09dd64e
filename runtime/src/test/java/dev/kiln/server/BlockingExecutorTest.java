package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The virtual-thread executor, reached through method handles (Kiln compiles for Java 17): on Java 21 and newer a
 * new virtual thread per task, named {@code kiln-blocking-N} in order; on Java 17 none, so that the server falls back
 * to its pool of platform threads. CI runs this on both.
 */
class BlockingExecutorTest {
    @Test
    void aNamedVirtualThreadPerTaskWhereTheJvmHasThem() throws Exception {
        ExecutorService executor = BlockingExecutor.virtualThreadPerTask();
        if (Runtime.version().feature() < 21) {
            assertNull(executor, "no virtual threads before Java 21");
            return;
        }
        assertNotNull(executor);
        try {
            for (int i = 0; i < 3; i++) {
                String ran = executor.submit(() -> Thread.currentThread().getName() + " virtual="
                        + Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())).get(10, TimeUnit.SECONDS);
                assertEquals("kiln-blocking-" + i + " virtual=true", ran);
            }
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void theServerSaysWhichItChose() {
        BlockingExecutor chosen = BlockingExecutor.create(true, 4, 16);
        try {
            boolean virtual = Runtime.version().feature() >= 21;
            assertEquals(virtual, chosen.isVirtual());
            assertEquals(virtual ? "virtual threads" : "a pool of up to 4 platform threads (virtual threads need Java 21,"
                    + " this is " + Runtime.version().feature() + ")", chosen.description());
        } finally {
            chosen.executor().shutdownNow();
        }
    }
}
