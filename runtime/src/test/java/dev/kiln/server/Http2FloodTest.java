package dev.kiln.server;

import static dev.kiln.server.H2Wire.CONTINUATION;
import static dev.kiln.server.H2Wire.ENHANCE_YOUR_CALM;
import static dev.kiln.server.H2Wire.HEADERS;
import static dev.kiln.server.H2Wire.NO_ERROR;
import static dev.kiln.server.H2Wire.PING;
import static dev.kiln.server.H2Wire.PROTOCOL_ERROR;
import static dev.kiln.server.H2Wire.RST_STREAM;
import static dev.kiln.server.H2Wire.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The known HTTP/2 floods, each sent with raw frames ({@link H2Wire}): the connection that sends it is closed
 * with GOAWAY and the error code RFC 9113 and Netty's limits call for ({@link Http2Config}), and another
 * connection is served meanwhile and after. And graceful shutdown: GOAWAY, then the open streams finish.
 */
@Timeout(60)
class Http2FloodTest {
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private RunningServer server;

    @BeforeEach
    void start() {
        start(KilnServer.DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * The server of each test, with one event loop. The idle timeout is short only where a test waits for it: a
     * flood keeps that one loop busy, and a connection opened meanwhile, whose first read waits behind the flood,
     * would look idle to a short timeout on a slow machine.
     */
    private void start(Duration idleTimeout) {
        TestRoutes routes = TestRoutes.builder()
                .get("/hello", ctx -> ctx.text("hello"))
                .get("/big", ctx -> ctx.body(new byte[1 << 20], "application/octet-stream"))
                .blocking("GET", "/slow", ctx -> {
                    slowStarted.countDown();
                    Thread.sleep(800);
                    ctx.text("finished");
                })
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true)
                .idleTimeout(idleTimeout).shutdownTimeout(Duration.ofSeconds(10)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    /** Another connection is served: the flood closed only its own. */
    private void othersAreServed() throws IOException {
        try (H2Wire other = H2Wire.connect(server.port())) {
            // Served, not fast: the one event loop takes turns with a connection flooding it, and on a loaded machine
            // a turn has taken over Wire's five seconds (a flaky failure in a full verify).
            other.timeout(4 * Wire.READ_TIMEOUT_MS);
            other.get(1, "/hello");
            assertEquals("hello", other.response(1).text());
        }
    }

    @Test
    void rapidResetClosesTheConnectionWithEnhanceYourCalm() throws Exception { // CVE-2023-44487
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i <= Http2Config.MAX_RESETS; i++) {
                int stream = 2 * i + 1;
                // A request whose body is still to come, so that its stream is open when the reset arrives
                flood.write(H2Wire.frameBytes(HEADERS, H2Wire.END_HEADERS, stream,
                        H2Wire.block(":method", "POST", ":scheme", "http", ":path", "/hello", ":authority", "x")));
                flood.write(H2Wire.frameBytes(RST_STREAM, 0, stream, H2Wire.int32(H2Wire.CANCEL)));
            }
            sendAll(h2, flood.toByteArray());
            othersAreServed();
            H2Wire.Frame goAway = h2.goAway();
            assertEquals(ENHANCE_YOUR_CALM, goAway.errorCode());
            assertTrue(h2.closedByServer());
        }
        othersAreServed();
    }

    @Test
    void aContinuationFloodOfSmallFramesClosesTheConnectionWithEnhanceYourCalm() throws Exception { // CVE-2024-27316
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            flood.write(H2Wire.frameBytes(HEADERS, 0, 1,
                    H2Wire.block(":method", "GET", ":scheme", "http", ":path", "/hello", ":authority", "x")));
            for (int i = 0; i < 1000; i++) {
                flood.write(H2Wire.frameBytes(CONTINUATION, 0, 1, H2Wire.block("x-" + i, "v")));
            }
            sendAll(h2, flood.toByteArray());
            assertEquals(ENHANCE_YOUR_CALM, h2.goAway().errorCode());
            assertTrue(h2.closedByServer());
        }
        othersAreServed();
    }

    @Test
    void aContinuationFloodPastTheHeaderListSizeClosesTheConnection() throws Exception { // CVE-2024-27316
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            flood.write(H2Wire.frameBytes(HEADERS, 0, 1,
                    H2Wire.block(":method", "GET", ":scheme", "http", ":path", "/hello", ":authority", "x")));
            byte[] big = H2Wire.block("x-filler", "v".repeat(16_000));
            for (int i = 0; i < 64; i++) flood.write(H2Wire.frameBytes(CONTINUATION, 0, 1, big)); // 1 MiB, no end
            sendAll(h2, flood.toByteArray());
            assertEquals(PROTOCOL_ERROR, h2.goAway().errorCode()); // RFC 9113 §10.5.1: a connection error
            assertTrue(h2.closedByServer());
        }
        othersAreServed();
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadClosesTheConnectionWithEnhanceYourCalm() throws Exception {
        flood(PING, new byte[8]);
    }

    @Test
    void aSettingsFloodFromAClientThatDoesNotReadClosesTheConnectionWithEnhanceYourCalm() throws Exception {
        flood(SETTINGS, new byte[0]);
    }

    /**
     * Frames each of which the server must acknowledge, sent by a client with a small receive buffer that reads
     * nothing meanwhile: the acknowledgements fill the socket buffers, then queue in the server until its limit
     * ({@link Http2Config#MAX_QUEUED_CONTROL_FRAMES}), and the server gives up on the connection. Such a client
     * reads nothing, so it may never see the GOAWAY queued behind the acknowledgements: the server closing the
     * connection while the flood is still being sent is what shows the limit (an idle timeout cannot close a
     * connection that sends all the time); a GOAWAY, if one is read, must say ENHANCE_YOUR_CALM.
     */
    private void flood(int type, byte[] payload) throws Exception {
        try (H2Wire h2 = H2Wire.open(server.port(), 4096)) {
            h2.preface();
            byte[] one = H2Wire.frameBytes(type, 0, 0, payload);
            byte[] batch = new byte[one.length * 10_000];
            for (int i = 0; i < 10_000; i++) System.arraycopy(one, 0, batch, i * one.length, one.length);
            CompletableFuture<Boolean> cutOff = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 300; i++) h2.raw(batch); // 3,000,000 frames at most
                    return false;
                } catch (IOException closed) {
                    return true; // the server closed the connection: what the limit is for
                }
            });
            othersAreServed(); // while the flood runs
            assertTrue(cutOff.get(40, TimeUnit.SECONDS), "the server closed the connection during the flood");
            H2Wire.Frame goAway = h2.goAwayIfAny();
            if (goAway != null) assertEquals(ENHANCE_YOUR_CALM, goAway.errorCode());
        }
        othersAreServed();
    }

    @Test
    void aClientThatNeverOpensItsWindowIsTimedOutAndTheStreamFreed() throws Exception {
        server.close();
        start(Duration.ofMillis(400));
        try (H2Wire h2 = H2Wire.open(server.port(), 0)) {
            h2.preface(0x4, 0); // SETTINGS_INITIAL_WINDOW_SIZE = 0: the server may send no DATA
            h2.get(1, "/big");
            H2Wire.Frame head = h2.expect(HEADERS);
            assertEquals("200", h2.decode(head).status().toString());
            othersAreServed();
            // Nothing more is read from the client: the stream's idle timeout resets it, then the connection's
            // closes the connection with GOAWAY.
            assertEquals(H2Wire.CANCEL, h2.reset(1).errorCode());
            assertEquals(NO_ERROR, h2.goAway().errorCode());
            assertTrue(h2.closedByServer());
        }
        othersAreServed();
    }

    @Test
    void shutdownSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/slow");
            assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            H2Wire.Frame goAway = h2.goAway();
            assertEquals(NO_ERROR, goAway.errorCode());
            assertEquals(1, goAway.lastStream(), "stream 1 is one the server will finish");
            H2Wire.Response r = h2.response(1);
            assertEquals(200, r.status());
            assertEquals("finished", r.text());
            assertTrue(h2.closedByServer());
            closing.get(10, TimeUnit.SECONDS);
        }
    }

    private static void sendAll(H2Wire h2, byte[] bytes) {
        try {
            h2.raw(bytes);
        } catch (IOException closed) {
            // the server may close the connection before it has read all of the flood
        }
    }
}
