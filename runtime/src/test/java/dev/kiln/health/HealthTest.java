package dev.kiln.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.KilnServer;
import dev.kiln.server.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Health}: liveness, readiness with checks and timeouts, and readiness failing from the start of shutdown. */
@Timeout(30)
class HealthTest {
    /** An application with no routes: the health endpoints are the server's. */
    private static final class NoRoutes extends Routes {
        NoRoutes() {
            super(List.<RouteInfo>of());
        }

        @Override
        public int match(int method, String path, int end, PathMatch match) {
            return -1;
        }

        @Override
        public void step(int route, int index, Context ctx) {}

        @Override
        public int maxParams() {
            return 0;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RunningServer> servers = new ArrayList<>();
    private final CountDownLatch hang = new CountDownLatch(1);

    @AfterEach
    void stop() {
        hang.countDown();
        servers.forEach(RunningServer::close);
    }

    private RunningServer start(Health health, Duration drainDelay) {
        RunningServer s = new KilnServer(new NoRoutes()).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .drainDelay(drainDelay).install(health).start();
        servers.add(s);
        return s;
    }

    private HttpResponse<String> get(RunningServer s, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessAndReadinessWithNoChecksAreUp() throws Exception {
        RunningServer s = start(Health.at("/health/live", "/health/ready"), Duration.ZERO);
        HttpResponse<String> live = get(s, "/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}", live.body());
        assertEquals("application/json", live.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-store", live.headers().firstValue("Cache-Control").orElse(null));
        HttpResponse<String> ready = get(s, "/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", ready.body());
    }

    @Test
    void aFailingCheckMakesReadinessFailAndSaysWhy() throws Exception {
        AtomicBoolean databaseUp = new AtomicBoolean(true);
        RunningServer s = start(Health.at("/live", "/ready")
                .check("cache", Duration.ofSeconds(1), () -> {})
                .check("database", Duration.ofSeconds(1), () -> {
                    if (!databaseUp.get()) throw new IOException("Connection refused");
                }), Duration.ZERO);
        HttpResponse<String> up = get(s, "/ready");
        assertEquals(200, up.statusCode());
        assertTrue(up.body().matches("\\{\"status\":\"UP\",\"checks\":\\[\\{\"name\":\"cache\",\"status\":\"UP\",\"millis\":\\d+},"
                + "\\{\"name\":\"database\",\"status\":\"UP\",\"millis\":\\d+}]}"), up.body());

        databaseUp.set(false);
        HttpResponse<String> down = get(s, "/ready");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().matches("\\{\"status\":\"DOWN\",\"checks\":\\[\\{\"name\":\"cache\",\"status\":\"UP\",\"millis\":\\d+},"
                + "\\{\"name\":\"database\",\"status\":\"DOWN\",\"millis\":\\d+,\"error\":\"IOException: Connection refused\"}]}"),
                down.body());
        assertEquals(200, get(s, "/live").statusCode(), "a failing dependency does not make the process unhealthy");

        databaseUp.set(true);
        assertEquals(200, get(s, "/ready").statusCode(), "and readiness comes back");
    }

    @Test
    void aCheckThatHangsTimesOutAndRunsOnceForAllTheProbesThatWaitForIt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        RunningServer s = start(Health.at("/live", "/ready").check("slow", Duration.ofMillis(300), () -> {
            runs.incrementAndGet();
            hang.await();
        }), Duration.ZERO);
        List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            probes.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> p : probes) {
            HttpResponse<String> r = p.get(5, TimeUnit.SECONDS);
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("{\"name\":\"slow\",\"status\":\"DOWN\",\"millis\":300,\"error\":\"timed out after 300 ms\"}"),
                    r.body());
        }
        assertEquals(503, get(s, "/ready").statusCode(), "still hanging: still down");
        assertEquals(1, runs.get(), "one run of the check, however many probes");
        assertEquals(200, get(s, "/live").statusCode(), "liveness does not wait for checks");
    }

    @Test
    void readinessFailsFromTheMomentShutdownBeginsWhileTheServerStillServes() throws Exception {
        RunningServer s = start(Health.at("/live", "/ready"), Duration.ofSeconds(1));
        assertEquals(200, get(s, "/ready").statusCode());
        CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!s.stats().stopping() && System.nanoTime() < deadline) Thread.sleep(5);
        HttpResponse<String> ready = get(s, "/ready");
        assertEquals(503, ready.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"reason\":\"shutting down\",\"checks\":[]}", ready.body());
        assertEquals(200, get(s, "/live").statusCode(), "a draining process is alive");
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void badRegistrationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Health.at("/h", "/h"));
        Health h = Health.at("/live", "/ready").check("db", Duration.ofSeconds(1), () -> {});
        assertEquals("a health check named db is registered already",
                assertThrows(IllegalArgumentException.class, () -> h.check("db", Duration.ofSeconds(1), () -> {})).getMessage());
        assertEquals("timeout <= 0: PT0S",
                assertThrows(IllegalArgumentException.class, () -> h.check("x", Duration.ZERO, () -> {})).getMessage());
    }
}
