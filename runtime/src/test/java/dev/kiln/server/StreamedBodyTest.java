package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.test.LeakRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Request bodies streamed to their handler ({@code @Body InputStream} on a {@code @Blocking} route) over a real
 * socket: read as they arrive, reading paused while the handler is behind, the route's own limit applied as they
 * come, a client that leaves mid-body, and what comes after a streamed body on the same connection. Routes that
 * gather their body keep the server's limit, or their own.
 */
@Timeout(60)
class StreamedBodyTest {
    private static final int PIECE = 64 * 1024;
    private static final long LIMIT = 256L << 20;

    private final CountDownLatch handlerMayRead = new CountDownLatch(1);
    private final AtomicReference<Throwable> readFailed = new AtomicReference<>();
    private final CountDownLatch readEnded = new CountDownLatch(1);
    private RunningServer server;

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .streaming("POST", "/sha", LIMIT, ctx -> {
                    if (ctx.header("X-Wait") != null) handlerMayRead.await(20, TimeUnit.SECONDS);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    long n = 0;
                    try (InputStream in = ctx.bodyStream()) {
                        byte[] buf = new byte[PIECE];
                        int r;
                        while ((r = in.read(buf)) >= 0) {
                            sha.update(buf, 0, r);
                            n += r;
                        }
                    } catch (IOException e) {
                        readFailed.set(e);
                        throw e;
                    } finally {
                        readEnded.countDown();
                    }
                    ctx.text(n + " " + HexFormat.of().formatHex(sha.digest()));
                })
                .streaming("POST", "/first-byte", LIMIT, ctx -> ctx.text("first " + ctx.bodyStream().read()))
                .limited("POST", "/small", 10, ctx -> ctx.text("got " + ctx.body().length))
                .post("/gathered", ctx -> ctx.text("got " + ctx.body().length))
                .get("/fast", ctx -> ctx.text("fast"))
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).maxBodySize(1 << 20)
                .shutdownTimeout(Duration.ofSeconds(2)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void aBodyLargerThanTheServersLimitStreamsToItsHandlerWhileTheHandlerIsBehindTheServerStopsReading() throws Exception {
        long size = 128L << 20; // 128 times the server's limit for gathered bodies
        AtomicLong sent = new AtomicLong();
        try (Socket socket = connect(); Wire wire = Wire.over(socket)) {
            wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nX-Wait: yes\r\nContent-Length: " + size + "\r\n\r\n");
            CompletableFuture<byte[]> upload = CompletableFuture.supplyAsync(() -> sendBody(socket, size, sent));
            Thread.sleep(1500); // the handler reads nothing meanwhile
            long early = sent.get();
            assertTrue(early < 32L << 20, "the client could send only what the socket buffers and the server's window"
                    + " hold while the handler was behind, not " + early + " bytes");
            handlerMayRead.countDown();
            byte[] digest = upload.get(30, TimeUnit.SECONDS);
            Wire.Response r = wire.read();
            assertEquals(200, r.status());
            assertEquals(size + " " + HexFormat.of().formatHex(digest), r.text(), "every byte, in order");
            assertEquals("fast", wire.send(Wire.get("/fast")).read().text(), "the connection goes on");
        }
    }

    @Test
    void aStreamedBodyGrowingPastItsRoutesLimitFailsTheReadWithA413AndTheConnectionCloses() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[1 << 20];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            try {
                for (long sent = 0; sent <= LIMIT; sent += chunk.length) {
                    wire.send(size).send(chunk).send("\r\n");
                }
            } catch (IOException e) {
                // the server stopped reading and closed: expected, the 413 is already on its way
            }
            Wire.Response r = wire.read();
            assertEquals(413, r.status());
            assertTrue(r.text().contains("body larger than " + LIMIT + " bytes"), r.text());
            assertEquals("close", r.header("Connection"));
        }
        try (Wire other = Wire.connect(server.port())) {
            assertEquals("fast", other.send(Wire.get("/fast")).read().text());
        }
    }

    @Test
    void aDeclaredLengthOverTheRoutesLimitIs413WithoutReadingIt() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n").read();
            assertEquals(413, r.status());
            assertTrue(wire.isClosedByServer());
        }
    }

    @Test
    void aClientThatLeavesMidBodyFailsTheHandlersReadAndOthersAreServed() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n").send(new byte[100_000]);
            Thread.sleep(200);
        }
        assertTrue(readEnded.await(10, TimeUnit.SECONDS), "the handler's read ended");
        assertTrue(readFailed.get() instanceof IOException, "with an IOException: " + readFailed.get());
        assertTrue(dev.kiln.StreamClosedException.isCauseOf(readFailed.get()),
                "caused by the client going away, which the server logs at DEBUG: " + readFailed.get().getCause());
        try (Wire other = Wire.connect(server.port())) {
            assertEquals("fast", other.send(Wire.get("/fast")).read().text());
        }
    }

    @Test
    void aHandlerThatReadsPartOfItsBodyIsAnsweredAndTheConnectionCloses() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("POST /first-byte HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nA").read();
            assertEquals("first 65", r.text());
            assertEquals("close", r.header("Connection"), "the rest of the body was not read");
        }
    }

    @Test
    void requestsPipelinedAfterAStreamedBodyAreServedAfterIt() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc" + Wire.get("/fast")
                    + "POST /gathered HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi");
            assertEquals("3 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", wire.read().text());
            assertEquals("fast", wire.read().text());
            assertEquals("got 2", wire.read().text());
        }
    }

    @Test
    void expectContinueIsAnsweredForAStreamedBodyWithinItsLimit() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send("POST /sha HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: " + (2 << 20) + "\r\n\r\n");
            assertEquals(100, wire.readHead().status(), "within the route's limit, though over the server's");
            wire.send(new byte[2 << 20]);
            assertTrue(wire.read().text().startsWith((2 << 20) + " "));
        }
    }

    @Test
    void aGatheredRouteWithItsOwnLimitAndOneWithTheServersEach413PastTheirs() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals(413, wire.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n").read().status());
        }
        try (Wire wire = Wire.connect(server.port())) {
            assertEquals("got 10", wire.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789")
                    .read().text());
            assertEquals(413, wire.send("POST /gathered HTTP/1.1\r\nHost: t\r\nContent-Length: " + ((1 << 20) + 1)
                    + "\r\n\r\n").read().status());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(Wire.READ_TIMEOUT_MS * 4);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        return socket;
    }

    /** Sends {@code size} bytes of a known pattern, counting them in {@code sent}; returns their SHA-256. */
    private static byte[] sendBody(Socket socket, long size, AtomicLong sent) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            OutputStream out = socket.getOutputStream();
            byte[] piece = new byte[PIECE];
            for (long done = 0; done < size; done += PIECE) {
                for (int i = 0; i < PIECE; i += 8) piece[i] = (byte) (done / PIECE + i);
                sha.update(piece);
                out.write(piece);
                sent.addAndGet(PIECE);
            }
            out.flush();
            return sha.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
