package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ServerStats}: the live figures a metrics scrape and readiness read. */
@Timeout(30)
class ServerStatsTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockingStarted = new CountDownLatch(1);

    private KilnServer server(boolean pooling) {
        TestRoutes routes = TestRoutes.builder()
                .get("/hello", ctx -> ctx.text("hello"))
                .blocking("GET", "/wait", ctx -> {
                    blockingStarted.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    ctx.text("waited");
                })
                .build();
        return new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false).pooling(pooling);
    }

    @Test
    void beforeTheStartEveryFigureIsZero() {
        ServerStats stats = server(true).stats();
        assertFalse(stats.serving());
        assertFalse(stats.stopping());
        assertEquals(0, stats.openConnections());
        assertEquals(0, stats.contextsAcquired());
    }

    @Test
    void connectionsContextsAndBlockingWorkAreCounted() throws Exception {
        RunningServer running = server(true).start();
        ServerStats stats = running.stats();
        try (Wire a = Wire.connect(running.port()); Wire b = Wire.connect(running.port())) {
            assertTrue(stats.serving());
            for (int k = 0; k < 5; k++) assertEquals(200, a.send(get("/hello")).read().status());
            assertEquals(2, stats.openConnections());
            assertEquals(5, stats.contextsAcquired());
            assertEquals(1, stats.contextsCreated(), "one context served all five, one after the other");
            assertEquals(4, stats.contextsReused());
            awaitIdle(stats, 1);

            b.send(get("/wait"));
            assertTrue(blockingStarted.await(5, TimeUnit.SECONDS));
            assertEquals(1, stats.blockingActive());
            assertEquals(0, stats.blockingQueued());
            assertEquals(0, stats.contextsIdle(), "the context is out with the blocking request");
            release.countDown();
            assertEquals("waited", b.read().text());
            assertEquals(0, stats.blockingActive());
            assertTrue(stats.eventLoopPendingTasks() >= 0);
        } finally {
            running.close();
        }
    }

    /** The context goes back to its pool just after its response is written: the client may read it first. */
    private static void awaitIdle(ServerStats stats, int idle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stats.contextsIdle() != idle && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(idle, stats.contextsIdle());
    }

    @Test
    void withoutPoolingEveryContextIsCreated() throws Exception {
        RunningServer running = server(false).start();
        try (Wire a = Wire.connect(running.port())) {
            for (int k = 0; k < 3; k++) assertEquals(200, a.send(get("/hello")).read().status());
            assertEquals(3, running.stats().contextsCreated());
            assertEquals(0, running.stats().contextsReused());
        } finally {
            running.close();
        }
    }

    @Test
    void stoppingIsSetTheMomentCloseBeginsAndTheListenerStaysOpenForTheDrainDelay() throws Exception {
        RunningServer running = server(true).drainDelay(Duration.ofMillis(600)).start();
        ServerStats stats = running.stats();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(running::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!stats.stopping() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(stats.stopping());
        assertFalse(stats.serving());
        try (Wire late = Wire.connect(running.port())) {
            assertEquals(200, late.send(get("/hello")).read().status(), "still accepted and served during the delay");
        }
        closing.get(10, TimeUnit.SECONDS);
        assertTrue(stats.stopping());
    }
}
