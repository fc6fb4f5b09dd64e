package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RunningServer#close()}: stops accepting, lets in-flight requests finish within the deadline, closes idle
 * connections at once, cuts what is still running at the deadline, and releases Netty's threads.
 */
@Timeout(30)
class ShutdownTest {
    private final CountDownLatch started = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private RunningServer start(int sleepMs, Duration shutdownTimeout) {
        TestRoutes routes = TestRoutes.builder()
                .blocking("GET", "/slow", ctx -> {
                    started.countDown();
                    Thread.sleep(sleepMs);
                    ctx.text("finished");
                })
                .get("/ok", ctx -> ctx.text("ok"))
                .build();
        return new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).shutdownTimeout(shutdownTimeout).start();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void aSlowInFlightRequestCompletesDuringShutdown() throws Exception {
        RunningServer server = start(800, Duration.ofSeconds(10));
        try (Wire busy = Wire.connect(server.port()); Wire idle = Wire.connect(server.port())) {
            assertEquals("ok", idle.send(get("/ok")).read().text());
            busy.send(get("/slow"));
            assertTrue(started.await(5, TimeUnit.SECONDS));

            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
            assertTrue(idle.isClosedByServer(), "an idle keep-alive connection is closed at once");
            assertThrows(IOException.class, () -> Wire.connect(server.port()).close(), "no longer accepting");

            Wire.Response r = busy.read();
            assertEquals(200, r.status());
            assertEquals("finished", r.text(), "the request in flight completed");
            assertEquals("close", r.header("Connection"), "its response says the connection ends");
            assertTrue(busy.isClosedByServer());
            closing.get(10, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 5000, "close() returned once the request was done, not at the deadline: " + took + " ms");
            assertEquals(0, server.connections());
        }
    }

    @Test
    void atTheDeadlineWhatIsStillRunningIsCut() throws Exception {
        RunningServer server = start(20_000, Duration.ofMillis(300));
        try (Wire busy = Wire.connect(server.port())) {
            busy.send(get("/slow"));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            server.close();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 250 && took < 5000, "close() waited for the deadline, then cut: " + took + " ms");
            assertTrue(busy.isClosedByServer(), "the connection was closed without a response");
        }
    }

    @Test
    void idleConnectionsOnEveryEventLoopAreCountedAndClosedAtShutdown() throws Exception {
        TestRoutes routes = TestRoutes.builder().get("/ok", ctx -> ctx.text("ok")).build();
        RunningServer server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(3).start();
        List<Wire> wires = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                Wire wire = Wire.connect(server.port());
                wires.add(wire);
                assertEquals("ok", wire.send(get("/ok")).read().text()); // served: its connection has joined
            }
            assertEquals(7, server.connections(), "connections spread over three event loops");
            for (Wire wire : wires.subList(0, 3)) wire.close();
            awaitConnections(server, 4);

            long start = System.nanoTime();
            server.close();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (Wire wire : wires.subList(3, 7)) assertTrue(wire.isClosedByServer(), "an idle connection is closed");
            assertEquals(0, server.connections());
            assertTrue(took < 5000, "close() returned once the idle connections were closed: " + took + " ms");
        } finally {
            server.close();
            for (Wire wire : wires) wire.close();
        }
    }

    @Test
    void aRequestHalfSentWhenTheDrainBeginsIsAnsweredWithCloseAndTheConnectionEnds() throws Exception {
        RunningServer server = start(0, Duration.ofSeconds(20));
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("GET /ok HTTP/1.1\r\nHost: t\r\n"); // the head's last line is still to come
            Thread.sleep(200);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
            Thread.sleep(300); // the drain has reached the connection, which is mid-request: it stays open
            Wire.Response r = wire.send("\r\n").read();
            assertEquals("ok", r.text());
            assertEquals("close", r.header("Connection"), "the last response before shutdown says so");
            assertTrue(wire.isClosedByServer());
            closing.get(10, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 5000, "close() returned once that request was answered, not at the deadline: " + took);
        } finally {
            server.close();
        }
    }

    @Test
    void aResponseStillBeingSentGoesOutWholeBeforeTheDrainCloses() throws Exception {
        byte[] big = new byte[32 * 1024 * 1024]; // more than the socket buffers on both sides hold
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        TestRoutes routes = TestRoutes.builder().get("/big", ctx -> ctx.bytes(big)).build();
        RunningServer server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1)
                .shutdownTimeout(Duration.ofSeconds(20)).start();
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/big")); // and read nothing yet: most of the response waits in the server
            Thread.sleep(300);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
            Thread.sleep(300); // the drain has reached the connection, which is between requests
            Wire.Response r = wire.read();
            assertEquals(200, r.status());
            assertEquals(big.length, r.body().length, "the whole body arrived");
            assertArrayEquals(big, r.body());
            assertTrue(wire.isClosedByServer(), "then the connection closed");
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    private static void awaitConnections(RunningServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections() != expected && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(expected, server.connections(), "connections closed by their clients are no longer counted");
    }

    @Test
    void awaitCloseReturnsOnceTheServerHasStopped() throws Exception {
        RunningServer server = start(0, Duration.ofSeconds(1));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                server.awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threads);
        Thread.sleep(100);
        assertTrue(!waiting.isDone(), "still serving");
        server.close();
        waiting.get(5, TimeUnit.SECONDS);
        server.close(); // a second close does nothing
    }
}
