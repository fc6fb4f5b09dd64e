package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/1.1 as RFC 9112 asks, over raw sockets: keep-alive, pipelining in request order (also around a slow
 * {@code @Blocking} handler), HTTP/1.0, {@code Connection: close}, {@code Expect: 100-continue}, and the framing
 * headers of every response.
 */
@Timeout(30)
class HttpConformanceTest {
    /** How long the blocking route sleeps: long enough that a response behind it would overtake it if it could. */
    private static final int SLOW_MS = 300;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/n/:n", ctx -> ctx.header("X-Thread", Thread.currentThread().getName()).text("n=" + ctx.param("n")))
                .blocking("GET", "/slow/:n", ctx -> {
                    Thread.sleep(SLOW_MS);
                    ctx.header("X-Thread", Thread.currentThread().getName()).text("slow=" + ctx.param("n"));
                })
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .get("/length", ctx -> ctx.text(String.valueOf(ctx.header("Content-Length"))))
                .post("/framing", ctx -> ctx.text(ctx.header("Content-Length") + " " + ctx.header("Transfer-Encoding")
                        + " " + new String(ctx.body(), java.nio.charset.StandardCharsets.US_ASCII)))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(2).maxBodySize(1024)
                .shutdownTimeout(Duration.ofSeconds(2)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                Wire.Response r = wire.send(get("/n/" + i)).read();
                assertEquals(200, r.status());
                assertEquals("n=" + i, r.text());
                assertNull(r.header("Connection"), "HTTP/1.1 keeps the connection without saying so");
            }
        }
    }

    @Test
    void pipelinedResponsesComeInRequestOrderAroundSlowBlockingHandlers() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/n/1") + get("/slow/2") + get("/n/3") + get("/n/4") + get("/slow/5") + get("/n/6"));
            List<String> expected = List.of("n=1", "slow=2", "n=3", "n=4", "slow=5", "n=6");
            for (String body : expected) {
                Wire.Response r = wire.read();
                assertEquals(200, r.status(), body);
                assertEquals(body, r.text());
                boolean slow = body.startsWith("slow");
                assertEquals(slow, r.header("X-Thread").startsWith("kiln-blocking-"),
                        body + " ran on " + r.header("X-Thread") + ": blocking routes, and only they, leave the event loop");
            }
            assertEquals("n=7", wire.send(get("/n/7")).read().text(), "the connection still serves");
        }
    }

    @Test
    void requestsWithBodiesQueuedBehindABlockingOneAreServedWhole() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/slow/1")
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                    + get("/n/2"));
            assertEquals("slow=1", wire.read().text());
            assertEquals("hello", wire.read().text());
            assertEquals("abcde", wire.read().text());
            assertEquals("n=2", wire.read().text());
            assertEquals("n=3", wire.send(get("/n/3")).read().text(), "the connection still serves");
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveWasAskedFor() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("GET /n/1 HTTP/1.0\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(wire.isClosedByServer());
        }
        try (Wire wire = Wire.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                Wire.Response r = wire.send("GET /n/" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("n=" + i, r.text());
                assertEquals("keep-alive", r.header("Connection"));
            }
        }
    }

    @Test
    void connectionCloseIsHonouredAndNothingAfterItIsServed() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(get("/n/1", "Connection: close") + get("/n/2")).read();
            assertEquals("n=1", r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(wire.isClosedByServer(), "closed after the response, the pipelined request dropped");
        }
        try (Wire wire = Wire.connect(server.port())) {
            // Behind a blocking response too: the close waits for it and still drops what follows.
            Wire.Response r = wire.send(get("/slow/1", "Connection: close") + get("/n/2")).read();
            assertEquals("slow=1", r.text());
            assertTrue(wire.isClosedByServer());
        }
        try (Wire wire = Wire.connect(server.port())) {
            // A dropped request with a body: its body is released (the leak check after all tests).
            Wire.Response r = wire.send(get("/n/1", "Connection: close")
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
            assertEquals("n=1", r.text());
            assertTrue(wire.isClosedByServer());
        }
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response interim = wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .readHead();
            assertEquals(100, interim.status());
            Wire.Response r = wire.send("hello").read();
            assertEquals(200, r.status());
            assertEquals("hello", r.text());
        }
    }

    @Test
    void a100ContinueWaitsForTheBlockingResponseAheadOfIt() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/slow/1") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("slow=1", wire.read().text(), "the slow response first");
            assertEquals(100, wire.readHead().status(), "then the interim response of the request behind it");
            assertEquals("ok", wire.send("ok").read().text());
        }
    }

    @Test
    void noStray100ForARequestThatArrivedWholeBehindABlockingOne() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response first = wire.send(get("/n/1", "Expect: 100-continue")).read();
            assertEquals(200, first.status(), "a request without a body gets no 100: there is nothing to send");
            // The client did not wait for the 100: once its body is in, none may follow (it would read as the
            // interim response of the next request).
            wire.send(get("/slow/1") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok"
                    + get("/n/2", "Expect: 100-continue"));
            assertEquals("slow=1", wire.read().text());
            Wire.Response echoed = wire.read();
            assertEquals(200, echoed.status());
            assertEquals("ok", echoed.text());
            Wire.Response bodiless = wire.read();
            assertEquals(200, bodiless.status(), "no 100 for a request without a body either");
            assertEquals("n=2", bodiless.text());
            Wire.Response next = wire.send(get("/n/3")).read();
            assertEquals(200, next.status(), "and none after them");
            assertEquals("n=3", next.text());
        }
    }

    @Test
    void moreRequestsThanNettysDefaultPipelineDepthWaitBehindABlockingOne() throws Exception {
        // Netty's codec allows 128 requests awaiting responses by default and then closes with no answer at all.
        // Reading pauses behind a blocking request, so only what one socket read brings in can pile up: a burst of
        // plain requests first grows the connection's read buffer (Netty sizes it by what the reads brought), then
        // the requests behind the blocking one come in a single read.
        int behind = 300;
        StringBuilder requests = new StringBuilder(get("/slow/0"));
        for (int i = 1; i <= behind; i++) requests.append(get("/n/" + i));
        try (Wire wire = Wire.connect(server.port())) {
            for (int burst = 0; burst < 4; burst++) {
                wire.send(get("/n/0").repeat(behind));
                for (int i = 0; i < behind; i++) assertEquals("n=0", wire.read().text());
            }
            wire.send(requests.toString());
            assertEquals("slow=0", wire.read().text());
            for (int i = 1; i <= behind; i++) assertEquals("n=" + i, wire.read().text());
            assertEquals("n=0", wire.send(get("/n/0")).read().text(), "the connection still serves");
        }
    }

    @Test
    void anExpectationThatCannotBeMetIsRefused() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\nExpect: 100-continue\r\n\r\n").read();
            assertEquals(413, r.status(), "too large: refused instead of 100 Continue, and the body is never read");
            assertTrue(wire.isClosedByServer());
        }
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\nok").read();
            assertEquals(417, r.status());
            assertTrue(wire.isClosedByServer());
        }
        try (Wire wire = Wire.connect(server.port())) {
            // HTTP/1.0 expectations are ignored (RFC 9110 §10.1.1): no 100, the body is read as sent.
            Wire.Response r = wire.send("POST /echo HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok").read();
            assertEquals(200, r.status());
            assertEquals("ok", r.text());
        }
    }

    @Test
    void requestsWithAndWithoutABodyPipelinedInOneWriteAreEachAnsweredWhole() throws Exception {
        // A request that declares no body is served from its head; one with a body, sized or chunked, is gathered.
        String pipelined = get("/n/1")
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + get("/n/2")
                + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
                + get("/length");
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(pipelined);
            assertEquals("n=1", wire.read().text());
            assertEquals("hello", wire.read().text());
            assertEquals("n=2", wire.read().text());
            assertEquals("abcde", wire.read().text());
            assertEquals("", wire.read().text());
            assertEquals("null", wire.read().text(), "no Content-Length is added to a request that sent none");
            assertEquals("n=3", wire.send(get("/n/3")).read().text(), "and the connection goes on");
        }
    }

    @Test
    void aBodyIsServedWholeHoweverManyReadsItTook() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhel");
            Thread.sleep(50); // each part in a read of its own
            wire.send("lo, ");
            Thread.sleep(50);
            assertEquals("hello, you", wire.send("you").read().text());
            wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            Thread.sleep(50);
            wire.send("2\r\nde\r\n");
            Thread.sleep(50);
            assertEquals("abcdef", wire.send("1\r\nf\r\n0\r\n\r\n").read().text());
        }
    }

    @Test
    void aChunkedRequestReachesItsHandlerWithTheLengthItHad() throws Exception {
        // As Netty's aggregator leaves it: the body is whole, so its framing is a Content-Length.
        try (Wire wire = Wire.connect(server.port())) {
            String chunked = "POST /framing HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n";
            assertEquals("5 null abcde", wire.send(chunked).read().text());
            String sized = "POST /framing HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz";
            assertEquals("3 null xyz", wire.send(sized).read().text());
        }
    }

    @Test
    void everyFixedResponseHasContentLengthAndADate() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            for (String request : List.of(get("/n/1"), get("/nope"), "POST /n/1 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n",
                    get("/boom"), get("/slow/1"))) {
                Wire.Response r = wire.send(request).read();
                assertEquals(String.valueOf(r.body().length), r.header("Content-Length"), request);
                assertTrue(r.header("Date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                        r.header("Date"));
                assertFalse(r.text().contains("IllegalStateException"), "no stack trace to the client");
            }
        }
    }

    @Test
    void headIsAnsweredWithTheLengthButNoBody() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("HEAD /n/12 HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals(200, r.status());
            assertEquals("4", r.header("Content-Length"));
            assertEquals("n=13", wire.send(get("/n/13")).read().text(), "no body bytes were sent for HEAD");
        }
    }

    @Test
    void theDateIsAnImfFixdate() {
        java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777)); // RFC 9110's example
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(0));
        // Leap days, century years (2100 is not a leap year, 2000 is), month and year ends, and a seeded spread.
        long[] edges = {951_782_400L, 951_868_799L, 4_107_542_399L, 4_107_542_400L, 1_709_164_800L, 1_735_689_599L};
        for (long s : edges) {
            assertEquals(reference.format(java.time.Instant.ofEpochSecond(s)), HttpDate.format(s), "second " + s);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int k = 0; k < 100_000; k++) {
            long s = random.nextLong(0, 253_402_300_800L); // up to the year 9999
            assertEquals(reference.format(java.time.Instant.ofEpochSecond(s)), HttpDate.format(s), "second " + s);
        }
    }

    @Test
    void theDateIsCachedPerSecond() {
        HttpDate date = new HttpDate();
        Object a = date.now();
        Object b = date.now();
        Object c = date.now();
        assertTrue(a == b || b == c, "calls within one second share one cached value"); // at most one second boundary
    }
}
