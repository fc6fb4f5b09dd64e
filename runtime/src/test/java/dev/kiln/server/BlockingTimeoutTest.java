package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code blockingTimeout}: a {@code @Blocking} chain that does not answer in time gets its client a 503 on a
 * connection that closes, its worker interrupted; the server goes on serving, the worker (on Java 17, or without
 * virtual threads, the pool's one thread, so that the next request runs on it) carries no interrupt to its next
 * task, and what a late chain answers is dropped.
 */
@Timeout(30)
class BlockingTimeoutTest {
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch stubbornDone = new CountDownLatch(1);
    private final AtomicBoolean stubbornRan = new AtomicBoolean();
    private RunningServer server;

    private RunningServer start(boolean virtualThreads) {
        TestRoutes routes = TestRoutes.builder()
                .blocking("GET", "/hang", ctx -> {
                    try {
                        Thread.sleep(20_000);
                        ctx.text("woke");
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                })
                .blocking("GET", "/stubborn", ctx -> { // ignores the interrupt and answers late
                    stubbornRan.set(true);
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
                    while (System.nanoTime() < end) Thread.onSpinWait();
                    ctx.text("late");
                    stubbornDone.countDown();
                })
                .blocking("GET", "/quick", ctx -> ctx.text("interrupted: " + Thread.currentThread().isInterrupted()))
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).virtualThreads(virtualThreads)
                .blockingThreads(1).blockingTimeout(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(1))
                .start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @ParameterizedTest(name = "virtual threads wanted: {0}")
    @ValueSource(booleans = {true, false})
    void aChainPastItsDeadlineIs503AndItsWorkerInterruptedAndFreed(boolean virtualThreads) throws Exception {
        start(virtualThreads);
        try (Wire wire = Wire.connect(server.port())) {
            long start = System.nanoTime();
            Wire.Response r = wire.timeout(5000).send(Wire.get("/hang")).read();
            assertEquals(503, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(r.text().contains("did not answer within 200 ms"), r.text());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered at the deadline, not at 20 s");
            assertTrue(wire.isClosedByServer());
        }
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the sleeping worker was interrupted");
        try (Wire wire = Wire.connect(server.port())) { // the one worker again, without the interrupt
            assertEquals("interrupted: false", wire.send(Wire.get("/quick")).read().text());
        }
    }

    @ParameterizedTest(name = "virtual threads wanted: {0}")
    @ValueSource(booleans = {true, false})
    void aChainThatIgnoresTheInterruptIsAnswered503AndItsLateAnswerDropped(boolean virtualThreads) throws Exception {
        start(virtualThreads);
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.timeout(5000).send(Wire.get("/stubborn") + Wire.get("/quick")).read();
            assertEquals(503, r.status());
            assertTrue(wire.isClosedByServer(), "closed: the pipelined request is not served after a 503 for a late chain");
        }
        assertTrue(stubbornDone.await(5, TimeUnit.SECONDS));
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("interrupted: false", wire.send(Wire.get("/quick")).read().text());
        }
    }

    @ParameterizedTest(name = "virtual threads wanted: {0}")
    @ValueSource(booleans = {true, false})
    void aChainWithinItsDeadlineIsAnsweredAsAlways(boolean virtualThreads) throws Exception {
        start(virtualThreads);
        try (Wire wire = Wire.connect(server.port())) {
            for (int k = 0; k < 3; k++) {
                assertEquals("interrupted: false", wire.send(Wire.get("/quick")).read().text(), "keep-alive, request " + k);
            }
        }
        assertFalse(stubbornRan.get());
    }
}
