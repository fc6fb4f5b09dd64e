package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KilnServer#endpoint}: the server's own answers at fixed paths, ahead of the routes and of the global
 * middleware, for GET and HEAD, whatever the query.
 */
@Timeout(30)
class EndpointTest {
    private final AtomicInteger middlewareRuns = new AtomicInteger();
    private RunningServer server;

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .use("DenyAll", ctx -> {
                    middlewareRuns.incrementAndGet();
                    ctx.abortWithStatus(401);
                })
                .get("/status", ctx -> ctx.text("the route"))
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .endpoint("/status", ctx -> ctx.text("the endpoint"))
                .endpoint("/later", ctx -> ctx.defer(CompletableFuture.supplyAsync(() -> "deferred"),
                        (c, v) -> c.status(503).text(v)))
                .endpoint("/broken", ctx -> {
                    throw new IllegalStateException("secret detail");
                })
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEndpointAnswersAheadOfTheRouteAndTheGlobalMiddleware() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            Wire.Response r = w.send(get("/status?verbose=1")).read();
            assertEquals(200, r.status());
            assertEquals("the endpoint", r.text());
            assertEquals(0, middlewareRuns.get(), "the middleware that turns everything away did not run");
            assertEquals(401, w.send(get("/status/")).read().status(), "only the exact path is the endpoint's");
            assertEquals(1, middlewareRuns.get());
        }
    }

    @Test
    void headIsAnsweredWithoutTheBodyAndOtherMethodsGet405() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            Wire.Response head = w.send("HEAD /status HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals("12", head.header("Content-Length"));
            Wire.Response post = w.send("POST /status HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").read();
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
        }
    }

    @Test
    void anEndpointMayAnswerLater() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            Wire.Response r = w.send(get("/later")).read();
            assertEquals(503, r.status());
            assertEquals("deferred", r.text());
        }
    }

    @Test
    void aFailingEndpointGetsA500WithoutItsDetail() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            Wire.Response r = w.send(get("/broken")).read();
            assertEquals(500, r.status());
            assertTrue(!r.text().contains("secret"), r.text());
            assertEquals(200, w.send(get("/status")).read().status(), "the connection serves on");
        }
    }

    @Test
    void aBadOrRepeatedPathIsRefusedWhenRegistered() {
        KilnServer s = new KilnServer(TestRoutes.builder().build());
        assertEquals("endpoint path health must start with '/'",
                assertThrows(IllegalArgumentException.class, () -> s.endpoint("health", ctx -> {})).getMessage());
        assertEquals("endpoint path /metrics?x must not contain '?'",
                assertThrows(IllegalArgumentException.class, () -> s.endpoint("/metrics?x", ctx -> {})).getMessage());
        assertEquals("endpoint path /a/../b must not have a dot segment",
                assertThrows(IllegalArgumentException.class, () -> s.endpoint("/a/../b", ctx -> {})).getMessage());
        assertEquals("endpoint path /health/ must not have an empty segment",
                assertThrows(IllegalArgumentException.class, () -> s.endpoint("/health/", ctx -> {})).getMessage());
        s.endpoint("/metrics", ctx -> {});
        assertEquals("endpoint path /metrics is registered already",
                assertThrows(IllegalArgumentException.class, () -> s.endpoint("/metrics", ctx -> {})).getMessage());
    }
}
