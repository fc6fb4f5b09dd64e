package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ServerObserver}: told about each request the application's routes (or the server's answers for no route)
 * answer, with the route's index, the method, the status the client got, the time and the body sizes; told about
 * nothing the server's own endpoints answer.
 */
@Timeout(30)
class ObserverTest {
    /** What one requestCompleted said. */
    record Seen(int route, int method, int status, long nanos, long bytesIn, long bytesOut) {}

    static class Recorder implements ServerObserver {
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        final AtomicInteger started = new AtomicInteger();
        volatile List<RouteInfo> routes;
        volatile ServerStats stats;

        @Override
        public void starting(List<RouteInfo> routes, ServerStats stats) {
            this.routes = routes;
            this.stats = stats;
        }

        @Override
        public void requestStarted() {
            started.incrementAndGet();
        }

        @Override
        public void requestCompleted(int route, int method, int status, long nanos, long bytesIn, long bytesOut) {
            seen.add(new Seen(route, method, status, nanos, bytesIn, bytesOut));
        }

        Seen next() throws InterruptedException {
            Seen s = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(s, "the observer was told");
            return s;
        }
    }

    private final Recorder recorder = new Recorder();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockingStarted = new CountDownLatch(1);
    private RunningServer server;

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/hello", ctx -> ctx.text("hello"))
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .blocking("GET", "/wait", ctx -> {
                    blockingStarted.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    ctx.text("waited");
                })
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .observe(recorder)
                .endpoint("/health/live", ctx -> ctx.text("UP"))
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void startingHandsOverTheRouteTableAndTheStats() {
        assertEquals("/hello", recorder.routes.get(0).path());
        assertEquals("/wait", recorder.routes.get(3).path());
        assertSame(server.stats(), recorder.stats);
    }

    @Test
    void aRouteIsReportedByItsIndexWithStatusTimeAndSizes() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(200, w.send(get("/hello")).read().status());
            Seen s = recorder.next();
            assertEquals(new Seen(0, Methods.GET, 200, s.nanos(), 0, 5), s);
            assertTrue(s.nanos() > 0, "took some time: " + s.nanos());

            byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
            w.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n").send(body);
            assertEquals(200, w.read().status());
            s = recorder.next();
            assertEquals(new Seen(1, Methods.POST, 200, s.nanos(), 10, 10), s);

            w.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            s = recorder.next();
            assertEquals(new Seen(0, Methods.HEAD, 200, s.nanos(), 0, 0), s, "HEAD on the GET route: no body sent");
        }
        assertEquals(3, recorder.started.get());
    }

    @Test
    void theServersOwnAnswersAreReportedWithoutARoute() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(404, w.send(get("/nowhere")).read().status());
            assertEquals(ServerObserver.NO_ROUTE, recorder.next().route());
            assertEquals(405, w.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            Seen s = recorder.next();
            assertEquals(ServerObserver.NO_ROUTE, s.route());
            assertEquals(Methods.DELETE, s.method());
            assertEquals(405, s.status());
            assertEquals(400, w.send("TRACE /%zz HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            s = recorder.next();
            assertEquals(Methods.NONE, s.method(), "a method no route can have");
            assertEquals(400, s.status());
        }
    }

    @Test
    void aFailureIsReportedWithTheStatusTheClientGot() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(500, w.send(get("/boom")).read().status());
            Seen s = recorder.next();
            assertEquals(2, s.route());
            assertEquals(500, s.status());
        }
    }

    @Test
    void aMalformedRequestIsReportedBeforeTheConnectionCloses() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals(400, w.send("GET /hello HTTP/1.1\r\n\r\n").read().status(), "no Host");
            Seen s = recorder.next();
            assertEquals(ServerObserver.NO_ROUTE, s.route());
            assertEquals(400, s.status());
        }
    }

    @Test
    void aBlockingRouteIsReportedWhenItsResponseIsWritten() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            w.send(get("/wait"));
            assertTrue(blockingStarted.await(5, TimeUnit.SECONDS));
            assertNull(recorder.seen.poll(100, TimeUnit.MILLISECONDS), "nothing reported while it runs");
            release.countDown();
            assertEquals("waited", w.read().text());
            Seen s = recorder.next();
            assertEquals(3, s.route());
            assertEquals(200, s.status());
            assertTrue(s.nanos() >= TimeUnit.MILLISECONDS.toNanos(100), "the time covers the work off the loop");
        }
    }

    @Test
    void aRequestWhoseConnectionClosedFirstIsReportedWithNoResponse() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            w.send(get("/wait"));
            assertTrue(blockingStarted.await(5, TimeUnit.SECONDS));
        }
        Thread.sleep(200); // the close reaches the server while the route still runs
        release.countDown();
        Seen s = recorder.next();
        assertEquals(3, s.route());
        assertEquals(ServerObserver.NO_RESPONSE, s.status());
    }

    @Test
    void theServersEndpointsAreNotObserved() throws Exception {
        try (Wire w = Wire.connect(server.port())) {
            assertEquals("UP", w.send(get("/health/live")).read().text());
            assertEquals(200, w.send(get("/hello")).read().status());
        }
        assertEquals(0, recorder.next().route(), "the first report is the route's: the endpoint made none");
        assertEquals(1, recorder.started.get());
    }

    /**
     * Over HTTP/2 the connection is one connection to the observer: the streams answered on it and those given a
     * handler of their own (a body, a hand-off, a failure) are told, once each, to what it gave for the connection.
     */
    @Test
    void http2StreamsAreToldToTheirConnectionsObserverWhereverTheyWereAnswered() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Recorder h2Recorder = new Recorder() {
            @Override
            public ServerObserver forConnection() {
                asked.incrementAndGet();
                return this;
            }
        };
        TestRoutes routes = TestRoutes.builder()
                .get("/hello", ctx -> ctx.text("hello"))
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .blocking("GET", "/later", ctx -> ctx.text("later"))
                .build();
        RunningServer h2Server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .h2c(true).observe(h2Recorder).endpoint("/health/live", ctx -> ctx.text("UP")).start();
        try (H2Wire h2 = H2Wire.connect(h2Server.port())) {
            h2.get(1, "/hello");
            assertEquals(200, h2.response(1).status());
            assertEquals(new Seen(0, Methods.GET, 200, 0, 0, 5), zeroTime(h2Recorder.next()), "answered on the connection");
            h2.headers(3, false, ":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "t");
            h2.data(3, true, "0123456789".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, h2.response(3).status());
            assertEquals(new Seen(1, Methods.POST, 200, 0, 10, 10), zeroTime(h2Recorder.next()), "a body: its own handler");
            h2.get(5, "/boom");
            assertEquals(500, h2.response(5).status());
            assertEquals(2, zeroTime(h2Recorder.next()).route(), "a failure, finished by the stream's handler");
            h2.get(7, "/later");
            assertEquals("later", h2.response(7).text());
            Seen later = h2Recorder.next();
            assertEquals(new Seen(3, Methods.GET, 200, 0, 0, 5), zeroTime(later), "a hand-off");
            assertTrue(later.nanos() > 0);
            h2.get(9, "/health/live");
            assertEquals(200, h2.response(9).status());
            h2.headers(11, true, ":method", "HEAD", ":scheme", "http", ":path", "/hello", ":authority", "t");
            h2.response(11);
            assertEquals(new Seen(0, Methods.HEAD, 200, 0, 0, 0), zeroTime(h2Recorder.next()), "the endpoint made none");
        } finally {
            h2Server.close();
        }
        assertEquals(5, h2Recorder.started.get());
        // Once for the HTTP/1.1 handler every clear-text connection starts with, until its preface says HTTP/2; then
        // once for the HTTP/2 connection and all six of its streams.
        assertEquals(2, asked.get(), "one observer for the connection and all of its streams");
    }

    private static Seen zeroTime(Seen s) {
        return new Seen(s.route(), s.method(), s.status(), 0, s.bytesIn(), s.bytesOut());
    }
}
