package dev.kiln.sample;

import static dev.kiln.sample.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.RunningServer;
import dev.kiln.test.LeakRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample app's {@code @Blocking} route, end to end: the processor marks it, the server runs it off the event
 * loop, and the connection's responses still come in request order.
 */
@Timeout(60)
class BlockingRouteTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = SampleApp.start(0, "test-token");
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void theRouteIsMarkedBlockingInTheGeneratedTable() {
        assertTrue(SampleApp.routes("t").routes().stream()
                .anyMatch(r -> r.path().equals("/slow") && r.blocking()), "GET /slow is @Blocking");
        assertTrue(SampleApp.routes("t").routes().stream()
                .noneMatch(r -> r.path().equals("/plaintext") && r.blocking()));
    }

    @Test
    void pipelinedResponsesStayInOrderAroundSlowOnes() throws Exception {
        try (RawClient conn = new RawClient(server.port())) {
            conn.send(get("/plaintext") + get("/slow?ms=300") + get("/whoami", "X-Request-Id: third")
                    + get("/slow?ms=50") + get("/users/5"));
            assertEquals("Hello, World!", conn.read().body());
            assertEquals("slept 300 ms", conn.read().body());
            assertEquals("third", conn.read().body());
            assertEquals("slept 50 ms", conn.read().body());
            assertEquals("{\"id\":\"5\"}", conn.read().body());
        }
    }

    @Test
    void whileAHandlerSleepsOneSecondAHundredOtherRequestsAreAnswered() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (RawClient sleeper = new RawClient(server.port())) {
            long start = System.nanoTime();
            CompletableFuture<RawClient.Response> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return sleeper.send(get("/slow?ms=1000")).read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            Thread.sleep(50); // let the sleep begin
            List<CompletableFuture<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(CompletableFuture.supplyAsync(() -> {
                    int ok = 0;
                    try (RawClient conn = new RawClient(server.port())) {
                        for (int i = 0; i < 25; i++) {
                            RawClient.Response r = conn.send(get(i % 2 == 0 ? "/plaintext" : "/slow?ms=0")).read();
                            if (r.status() == 200) ok++;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return ok;
                }, threads));
            }
            int answered = 0;
            for (CompletableFuture<Integer> c : clients) answered += c.get(10, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(100, answered);
            assertFalse(slow.isDone(), "all answered while the handler slept (" + took + " ms)");
            assertEquals("slept 1000 ms", slow.get(10, TimeUnit.SECONDS).body());
        } finally {
            threads.shutdownNow();
        }
    }
}
