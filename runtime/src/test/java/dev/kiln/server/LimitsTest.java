package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every limit over a raw socket, on a server with one event loop and small limits: the offending request gets the
 * status its RFC names and its connection is closed, and after each one the server still answers other clients.
 */
@Timeout(30)
class LimitsTest {
    private static final int MAX_REQUEST_LINE = 256;
    private static final int MAX_HEADER_SIZE = 512;
    private static final int MAX_HEADER_COUNT = 10;
    private static final int MAX_BODY = 1024;
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(600);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1200);
    /** A request head a slow client sends one byte at a time. */
    private static final byte[] SLOW_HEAD =
            get("/ok", "X-Slow: " + "s".repeat(100)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static RunningServer server;

    @BeforeAll
    static void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/ok", ctx -> ctx.text("ok"))
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1)
                .maxRequestLine(MAX_REQUEST_LINE).maxHeaderSize(MAX_HEADER_SIZE).maxHeaderCount(MAX_HEADER_COUNT)
                .maxBodySize(MAX_BODY).headerTimeout(HEADER_TIMEOUT).idleTimeout(IDLE_TIMEOUT)
                .shutdownTimeout(Duration.ofSeconds(1)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        LeakRecorder.assertNoLeaks();
    }

    /** After every test: a fresh client is served at once. */
    @AfterEach
    void theServerStillServesOthers() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("ok", wire.send(get("/ok")).read().text());
        }
    }

    /** Sends {@code request} on a new connection and expects {@code status}, then the connection closed. */
    private static Wire.Response rejected(String request, int status) throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(request).read();
            assertEquals(status, r.status(), request.length() > 200 ? request.substring(0, 200) : request);
            assertEquals("close", r.header("Connection"));
            assertTrue(wire.isClosedByServer(), "closed after " + status);
            return r;
        }
    }

    @Test
    void aRequestLineTooLongIs414() throws IOException {
        rejected(get("/" + "a".repeat(MAX_REQUEST_LINE)), 414);
    }

    @Test
    void headersTooLargeAre431() throws IOException {
        rejected(get("/ok", "X-Big: " + "b".repeat(MAX_HEADER_SIZE)), 431);
    }

    @Test
    void tooManyHeadersAre431() throws IOException {
        String[] headers = new String[MAX_HEADER_COUNT];
        for (int i = 0; i < headers.length; i++) headers[i] = "X-H" + i + ": v"; // plus Host: one too many
        rejected(get("/ok", headers), 431);
        String[] fine = new String[MAX_HEADER_COUNT - 1];
        System.arraycopy(headers, 0, fine, 0, fine.length);
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals(200, wire.send(get("/ok", fine)).read().status(), "exactly the limit is fine");
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413WithoutReadingIt() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            // One GiB announced, not a byte of it sent: the answer cannot have waited for (or buffered) the body.
            Wire.Response r = wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1073741824\r\n\r\n").read();
            assertEquals(413, r.status());
            assertTrue(wire.isClosedByServer());
        }
        try (Wire wire = Wire.connect(server.port())) {
            byte[] body = new byte[MAX_BODY];
            assertEquals(MAX_BODY, wire.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + MAX_BODY + "\r\n\r\n")
                    .send(body).read().body().length, "exactly the limit is fine");
        }
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitIs413() throws IOException {
        String chunk = Integer.toHexString(MAX_BODY / 2) + "\r\n" + "c".repeat(MAX_BODY / 2) + "\r\n";
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk, 413);
    }

    @Test
    void aMalformedRequestIs400AndCloses() throws IOException {
        rejected("HELLO\r\n\r\n", 400);
        rejected("GET /ok HTTP/1.1\r\nHost : t\r\n\r\n", 400); // whitespace before the colon (RFC 9112 §5.1)
        rejected("GET /ok HTTP/1.1\r\n\r\n", 400);             // HTTP/1.1 without Host (RFC 9112 §3.2)
        // The same with a chunked body: the chunks the decoder still sends after the rejected head are dropped
        // and released (the leak check after all tests).
        rejected("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 400);
    }

    @Test
    void aBodyCutOffByItsClientIsFreed() throws Exception {
        // Part of a body gathered, then the client goes: what was gathered is released (the leak check after all
        // tests), in one part and in several.
        for (String partial : List.of("Content-Length: 100\r\n\r\nsome of it",
                "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n")) {
            try (Wire wire = Wire.connect(server.port())) {
                wire.send("POST /echo HTTP/1.1\r\nHost: t\r\n" + partial);
                Thread.sleep(50); // read and gathered before the close
            }
        }
    }

    @Test
    void aDraft76WebSocketHandshakeIs400AndCloses() throws IOException {
        // Netty's decoder would take the next 8 bytes as the GET's body, though it has no Content-Length: what
        // follows must be neither served as a request nor misread.
        rejected("GET /ok HTTP/1.1\r\nHost: t\r\nSec-WebSocket-Key1: 1\r\nSec-WebSocket-Key2: 2\r\n\r\n"
                + "12345678" + get("/ok"), 400);
        try (Wire wire = Wire.connect(server.port())) {
            // With a Content-Length both agree on the framing, and with one key Netty reads no body: served.
            assertEquals("ok", wire.send("GET /ok HTTP/1.1\r\nHost: t\r\nSec-WebSocket-Key1: 1\r\n"
                    + "Sec-WebSocket-Key2: 2\r\nContent-Length: 0\r\n\r\n").read().text());
            assertEquals("ok", wire.send(get("/ok", "Sec-WebSocket-Key1: 1")).read().text());
        }
    }

    @Test
    void anUnknownMajorVersionIs505() throws IOException {
        rejected("GET /ok HTTP/2.0\r\nHost: t\r\n\r\n", 505);
    }

    @Test
    void aHeadThatFailsACheckIsAnsweredForThatFaultWhateverBodyItDeclares() throws IOException {
        // The head is checked before its body's size: a body over the limit does not hide what is wrong with it.
        String huge = "Content-Length: 2000000000\r\n\r\n";
        rejected("POST /echo HTTP/2.0\r\nHost: t\r\n" + huge, 505);
        rejected("POST /echo HTTP/1.1\r\n" + huge, 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\n" + huge, 417);
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndCloses() throws IOException {
        // The classic smuggling pair (RFC 9112 §6.3): either order, no second request is ever read from the body.
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + "0\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    }

    @Test
    void twoContentLengthsAre400AndClose() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\nabcd", 400);
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2, 4\r\n\r\nabcd", 400);
    }

    @Test
    void aTransferCodingOtherThanChunkedLastIs400() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void anInvalidChunkSizeIs400() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals(200, wire.send(get("/ok")).read().status());
            long start = System.nanoTime();
            assertTrue(wire.isClosedByServer(), "closed within the read timeout");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= IDLE_TIMEOUT.toMillis() - 100, "not before the idle timeout: " + waited + " ms");
        }
        try (Wire silent = Wire.connect(server.port())) {
            assertTrue(silent.isClosedByServer(), "a client that never sends is closed too");
        }
    }

    @Test
    void aClientSendingItsHeadByteByByteIsClosedAndStallsNoOne() throws Exception {
        byte[] head = SLOW_HEAD;
        long start = System.nanoTime();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        CompletableFuture<Boolean> slowloris = CompletableFuture.supplyAsync(() -> {
            try (Wire wire = Wire.connect(server.port())) {
                trickle(wire, head);
                return false; // sent the whole head: the header timeout did not fire
            } catch (IOException e) {
                return true; // the server closed the connection under it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, thread);
        thread.shutdown();
        // Meanwhile the server's one event loop serves everyone else at once.
        try (Wire other = Wire.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                assertEquals("ok", other.send(get("/ok")).read().text());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                assertTrue(ms < HEADER_TIMEOUT.toMillis(), "answered without waiting on the slow client: " + ms + " ms");
            }
        }
        assertTrue(slowloris.get(10, TimeUnit.SECONDS), "the slow client was cut off");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= HEADER_TIMEOUT.toMillis() - 100 && took < head.length * 20L,
                "closed after the header timeout, long before its head was done: " + took + " ms");
        assertFalse(took > 3000, took + " ms");
    }

    @Test
    void theHeaderClockStartsAtTheFirstByteOfEachHeadOnAKeptAliveConnection() throws Exception {
        byte[] head = SLOW_HEAD;
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals(200, wire.send(get("/ok")).read().status());
            Thread.sleep(HEADER_TIMEOUT.toMillis() / 2); // idle between requests: not the head's time
            long start = System.nanoTime();
            boolean closed = false;
            try {
                trickle(wire, head);
            } catch (IOException e) {
                closed = true;
            }
            assertTrue(closed || wire.isClosedByServer(), "the slow head was cut off");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Timed from the head's first byte: not before the header timeout, and at most a check period late.
            assertTrue(took >= HEADER_TIMEOUT.toMillis() - 50, "closed " + took + " ms after the head began");
            assertTrue(took < HEADER_TIMEOUT.toMillis() * 2, "closed " + took + " ms after the head began");
        }
    }

    @Test
    void aHeadBegunInTheSameReadAsTheRequestBeforeItIsStillBoundedByTheIdleTimeout() throws Exception {
        // One write: a whole request, then the start of the next head, which never ends. The head's first bytes
        // come in the read that completed the request before it, so the header clock does not see them start
        // (ConnectionState says so); the idle clock still closes the connection.
        try (Wire wire = Wire.connect(server.port())) {
            wire.timeout((int) IDLE_TIMEOUT.toMillis() * 3);
            long start = System.nanoTime();
            wire.send(get("/ok") + "GET /ok HTTP/1.1\r\nX-Slow: a");
            assertEquals("ok", wire.read().text());
            assertTrue(wire.isClosedByServer(), "closed although the second head never ended");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < IDLE_TIMEOUT.toMillis() * 2, "closed " + took + " ms after the write");
        }
    }

    /** Sends {@code bytes} one at a time, 20 ms apart, as a slowloris does. */
    private static void trickle(Wire wire, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            wire.send(new byte[] {b});
            Thread.sleep(20);
        }
    }
}
