package dev.kiln.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LineQueue}: bounded, refuses when full, loses nothing and keeps each producer's order. */
@Timeout(60)
class LineQueueTest {
    @Test
    void itHoldsItsCapacityRoundedUpToAPowerOfTwoAndRefusesMore() {
        LineQueue<String> queue = new LineQueue<>(3);
        assertEquals(4, queue.capacity());
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        for (int i = 0; i < 4; i++) assertTrue(queue.offer("line " + i));
        assertFalse(queue.offer("line 4"), "full: refused at once");
        assertEquals("line 0", queue.poll());
        assertTrue(queue.offer("line 5"), "room again");
        for (String expected : List.of("line 1", "line 2", "line 3", "line 5")) assertEquals(expected, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void manyProducersOneConsumerNothingLostNothingTwiceEachProducersOrderKept() throws Exception {
        int producers = 4;
        int each = 200_000;
        LineQueue<long[]> queue = new LineQueue<>(64);
        AtomicLong refused = new AtomicLong(); // how often a producer found the queue full
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    long[] item = {producer, i};
                    while (!queue.offer(item)) {
                        refused.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        long[] next = new long[producers];
        long taken = 0;
        while (taken < (long) producers * each) {
            long[] item = queue.poll();
            if (item == null) {
                Thread.onSpinWait();
                continue;
            }
            int producer = (int) item[0];
            assertEquals(next[producer], item[1], "producer " + producer + "'s items in order, none lost or repeated");
            next[producer]++;
            taken++;
        }
        for (Thread t : threads) t.join();
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        // Four producers and a queue of 64 fill it at times, so refused offers were retried (how often depends on
        // the scheduler, so it is printed rather than asserted).
        System.out.println("LineQueueTest: " + refused.get() + " offers refused and retried");
    }
}
