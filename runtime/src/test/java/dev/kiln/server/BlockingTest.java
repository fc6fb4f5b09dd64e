package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @Blocking} routes run off the event loop: on virtual threads where the JVM has them, else on a bounded
 * pool, and a sleeping handler holds up no one. The server here has a single event loop, so a handler that slept
 * on it would stall every other request.
 */
@Timeout(60)
class BlockingTest {
    private static final int SLEEP_MS = 1000;
    private static final int OTHERS = 100;
    private static final int CONNECTIONS = 4;

    private static RunningServer start(boolean virtualThreads, CountDownLatch sleeping) {
        TestRoutes routes = TestRoutes.builder()
                .blocking("GET", "/sleep", ctx -> {
                    sleeping.countDown();
                    Thread.sleep(SLEEP_MS);
                    // Still this request's context: not recycled to any of the requests served meanwhile.
                    ctx.text(ctx.header("X-Id") + " on " + Thread.currentThread().getName());
                })
                .get("/fast", ctx -> ctx.text("fast " + ctx.header("X-Id")))
                .blocking("GET", "/fast-blocking", ctx -> ctx.text("blocking " + ctx.header("X-Id")))
                .build();
        return new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).virtualThreads(virtualThreads)
                .blockingThreads(8).shutdownTimeout(Duration.ofSeconds(2)).start();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @ParameterizedTest(name = "virtual threads wanted: {0}")
    @ValueSource(booleans = {true, false})
    void whileAHandlerSleepsAHundredOtherRequestsAreAnswered(boolean virtualThreads) throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool(); // not the common pool: it may have one thread
        try (RunningServer server = start(virtualThreads, sleeping)) {
            assertEquals(virtualThreads && Runtime.version().feature() >= 21, server.blockingOnVirtualThreads(),
                    "virtual threads exactly when wanted and available");
            long start = System.nanoTime();
            CompletableFuture<Wire.Response> slow = CompletableFuture.supplyAsync(() -> {
                try (Wire wire = Wire.connect(server.port())) {
                    return wire.timeout(SLEEP_MS + 5000).send(get("/sleep", "X-Id: sleeper")).read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            assertTrue(sleeping.await(5, TimeUnit.SECONDS), "the sleeping handler started");

            List<CompletableFuture<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int client = c;
                clients.add(CompletableFuture.supplyAsync(() -> {
                    List<String> bodies = new ArrayList<>();
                    try (Wire wire = Wire.connect(server.port())) {
                        for (int i = 0; i < OTHERS / CONNECTIONS; i++) {
                            String id = client + "-" + i;
                            bodies.add(wire.send(get(i % 2 == 0 ? "/fast" : "/fast-blocking", "X-Id: " + id)).read().text());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return bodies;
                }, threads));
            }
            int answered = 0;
            for (int c = 0; c < CONNECTIONS; c++) {
                List<String> bodies = clients.get(c).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < bodies.size(); i++) {
                    assertEquals((i % 2 == 0 ? "fast " : "blocking ") + c + "-" + i, bodies.get(i));
                    answered++;
                }
            }
            long othersDone = System.nanoTime() - start;
            assertEquals(OTHERS, answered);
            assertFalse(slow.isDone(), "all " + OTHERS + " were answered while the handler still slept");
            assertTrue(othersDone < TimeUnit.MILLISECONDS.toNanos(SLEEP_MS), "in " + othersDone / 1_000_000 + " ms");

            Wire.Response sleeper = slow.get(10, TimeUnit.SECONDS);
            assertTrue(sleeper.text().startsWith("sleeper on kiln-blocking-"), sleeper.text());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClientPipeliningMoreThanMaxQueuedRequestsBehindABlockingOneIsCutOffAndOthersAreServed() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        TestRoutes routes = TestRoutes.builder()
                .blocking("GET", "/sleep", ctx -> {
                    sleeping.countDown();
                    Thread.sleep(300);
                    ctx.text("slept");
                })
                .get("/fast", ctx -> ctx.text("fast"))
                .build();
        try (RunningServer server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).maxQueuedRequests(3)
                .shutdownTimeout(Duration.ofSeconds(2)).start()) {
            try (Wire wire = Wire.connect(server.port())) {
                wire.send(Wire.get("/sleep") + Wire.get("/fast").repeat(3)); // three may wait: served in order
                assertEquals("slept", wire.read().text());
                for (int i = 0; i < 3; i++) assertEquals("fast", wire.read().text());
            }
            try (Wire wire = Wire.connect(server.port())) {
                wire.send(Wire.get("/sleep") + Wire.get("/fast").repeat(4)); // the fourth is one too many
                assertTrue(sleeping.await(5, TimeUnit.SECONDS));
                assertTrue(wire.isClosedByServer(), "cut off: nothing is served to a client over the limit");
            }
            try (Wire wire = Wire.connect(server.port())) {
                assertEquals("fast", wire.send(Wire.get("/fast")).read().text(), "everyone else is served");
            }
        }
    }

    @Test
    void aRefusedBlockingRequestIs503AndTheConnectionGoesOn() {
        TestRoutes routes = TestRoutes.builder().blocking("GET", "/b", ctx -> ctx.text("b")).get("/ok", ctx -> ctx.text("ok")).build();
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown(); // refuses every task, as a full bounded pool does
        KilnServer server = new KilnServer(routes);
        EmbeddedChannel ch = new EmbeddedChannel(server.initializer(stopped, server.newState(), null));
        try {
            ch.writeInbound(Unpooled.copiedBuffer(get("/b") + get("/ok"), StandardCharsets.ISO_8859_1));
            ch.runPendingTasks();
            StringBuilder out = new StringBuilder();
            for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) out.append(b.toString(StandardCharsets.ISO_8859_1));
            assertTrue(out.toString().startsWith("HTTP/1.1 503 Service Unavailable\r\n"), out.toString());
            assertTrue(out.toString().contains("HTTP/1.1 200 OK\r\n") && out.toString().endsWith("ok"), out.toString());
            assertTrue(ch.isOpen());
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
