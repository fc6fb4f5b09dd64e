package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ResponseStream;
import dev.kiln.StreamClosedException;
import dev.kiln.test.LeakRecorder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
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
 * Streamed responses over a real socket: chunked framing, writers on the event loop, on a {@code @Blocking} route's
 * worker and on a thread of their own, back-pressure from a client that does not read, a client that leaves, and
 * requests pipelined behind a stream. One event loop, so anything that blocked it would stall the test.
 */
@Timeout(60)
class StreamingTest {
    private static final int PIECE = 8192;
    private static final long EXPORT = 64L << 20;

    private final AtomicLong produced = new AtomicLong();
    private final AtomicReference<Throwable> writerSaw = new AtomicReference<>();
    private final CountDownLatch writerStopped = new CountDownLatch(1);
    private final CountDownLatch closedCallback = new CountDownLatch(1);
    private RunningServer server;

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/pieces", ctx -> {
                    ctx.header("X-Kind", "pieces");
                    ResponseStream out = ctx.stream("text/plain");
                    out.write("one,").write("two,".getBytes(StandardCharsets.UTF_8)).write("three");
                    out.close();
                })
                .route("HEAD", "/pieces", false, ctx -> ctx.stream("text/plain").write("dropped").close())
                .get("/later", ctx -> {
                    ResponseStream out = ctx.stream("text/plain");
                    Thread writer = new Thread(() -> {
                        for (int i = 1; i <= 3; i++) {
                            sleep(30);
                            out.write("piece " + i + ";").flush();
                        }
                        out.close();
                    });
                    writer.start();
                })
                .get("/fast", ctx -> ctx.text("fast"))
                .get("/summed", ctx -> {
                    ResponseStream out = ctx.stream("text/plain").write("abc");
                    out.trailer("X-Checksum", "294").trailer("X-Status", "done");
                    try {
                        out.trailer("Content-Length", "3");
                    } catch (IllegalArgumentException e) {
                        out.write("|" + e.getMessage());
                    }
                    try {
                        out.trailer("X-Bad", "a\r\nInjected: yes");
                    } catch (IllegalArgumentException e) {
                        out.write("|refused a value with CR LF");
                    }
                    out.close();
                })
                .blocking("GET", "/export", ctx -> {
                    try (OutputStream out = ctx.stream("application/octet-stream").outputStream()) {
                        byte[] piece = new byte[PIECE];
                        for (long sent = 0; sent < EXPORT; sent += PIECE) {
                            fill(piece, sent);
                            out.write(piece);
                            produced.set(sent + PIECE);
                        }
                    }
                })
                .get("/forever", ctx -> {
                    ResponseStream out = ctx.stream("text/plain");
                    out.onClose(closedCallback::countDown);
                    Thread writer = new Thread(() -> {
                        try {
                            while (true) {
                                out.write("tick\n").flush();
                                sleep(5);
                            }
                        } catch (Throwable t) {
                            writerSaw.set(t);
                        } finally {
                            writerStopped.countDown();
                        }
                    });
                    writer.start();
                })
                .get("/loop-producer", ctx -> {
                    ResponseStream out = ctx.stream("application/octet-stream");
                    new Object() {
                        long sent;

                        void produce() {
                            byte[] piece = new byte[PIECE];
                            while (sent < EXPORT && out.isWritable()) {
                                fill(piece, sent);
                                out.write(piece);
                                sent += PIECE;
                                produced.set(sent);
                            }
                            if (sent < EXPORT) {
                                out.flush();
                                out.onWritable(this::produce); // the event loop must not wait: go on when writable
                            } else {
                                out.close();
                            }
                        }
                    }.produce();
                })
                .get("/offers", ctx -> {
                    ResponseStream out = ctx.stream("text/plain");
                    Thread feeder = new Thread(() -> {
                        String piece = "x".repeat(PIECE - 1) + "\n";
                        long refusedAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                        while (System.nanoTime() < refusedAt) { // the client reads nothing: offers soon stop going in
                            if (out.offer(piece)) {
                                produced.addAndGet(PIECE);
                            } else {
                                writerSaw.compareAndSet(null, new IllegalStateException("refused"));
                                out.flush();
                                sleep(1);
                            }
                        }
                        writerStopped.countDown();
                        while (!out.offer("end\n")) sleep(10); // once the client reads again
                        out.close();
                    });
                    feeder.start();
                })
                .get("/fails", ctx -> {
                    ctx.stream("text/plain").write("never sent");
                    throw new IllegalStateException("boom");
                })
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1)
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

    /**
     * Trailers a handler sets follow the last chunk; a field that cannot be a trailer, or a value that would split
     * the section, is refused where it is set. The connection goes on to the next request.
     */
    @Test
    void aStreamsTrailersFollowItsLastChunk() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/summed") + get("/fast"));
            Wire.Response head = wire.readHead();
            assertEquals("chunked", head.header("transfer-encoding"));
            StringBuilder body = new StringBuilder();
            for (byte[] chunk; (chunk = wire.readChunk()) != null; ) body.append(new String(chunk, StandardCharsets.UTF_8));
            assertEquals("abc|Content-Length cannot be a trailer field (RFC 9110 §6.5.1)|refused a value with CR LF",
                    body.toString());
            assertEquals(List.of("X-Checksum: 294", "X-Status: done"), wire.trailers());
            assertEquals("fast", wire.read().text());
        }
    }

    @Test
    void aStreamIsChunkedWithTheHeadersSetBeforeIt() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(get("/pieces")).read();
            assertEquals(200, r.status());
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertEquals("text/plain", r.header("Content-Type"));
            assertEquals("pieces", r.header("X-Kind"));
            assertEquals("one,two,three", r.text());
            assertEquals("fast", wire.send(get("/fast")).read().text(), "the connection goes on after the stream");
        }
    }

    @Test
    void aStreamWrittenFromAnotherThreadAfterTheHandlerReturnedArrivesInPieces() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response head = wire.send(get("/later")).readHead();
            assertEquals("chunked", head.header("Transfer-Encoding"), "the head goes out when the handler returns");
            assertEquals("piece 1;", new String(wire.readChunk(), StandardCharsets.UTF_8));
            assertEquals("piece 2;", new String(wire.readChunk(), StandardCharsets.UTF_8));
            assertEquals("piece 3;", new String(wire.readChunk(), StandardCharsets.UTF_8));
            assertNull(wire.readChunk(), "then the last chunk");
        }
    }

    @Test
    void requestsPipelinedBehindAStreamAreAnsweredAfterItInOrder() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/later") + get("/fast") + get("/pieces") + get("/fast"));
            assertEquals("piece 1;piece 2;piece 3;", wire.read().text());
            assertEquals("fast", wire.read().text());
            assertEquals("one,two,three", wire.read().text());
            assertEquals("fast", wire.read().text());
        }
    }

    @Test
    void aSlowReaderPausesTheWriterOfABlockingRoute() throws Exception {
        try (Wire wire = Wire.connect(server.port(), 64 * 1024)) {
            wire.send(get("/export"));
            sleep(1000); // the client reads nothing: the worker must stop at the socket's buffers
            long before = produced.get();
            assertTrue(before > 0, "the export started");
            assertTrue(before < 16L << 20, "the writer waited for the client, having produced " + before + " bytes");
            Wire.Response r = wire.read();
            assertEquals(EXPORT, r.body().length);
            assertArrayEquals(digestOfExport(), MessageDigest.getInstance("SHA-256").digest(r.body()),
                    "every byte in order");
            assertEquals("fast", wire.send(get("/fast")).read().text());
        }
    }

    @Test
    void aProducerOnTheEventLoopGoesOnWhenWritableAndTheServerKeepsServing() throws Exception {
        try (Wire wire = Wire.connect(server.port(), 64 * 1024); Wire other = Wire.connect(server.port())) {
            wire.send(get("/loop-producer"));
            sleep(500);
            long before = produced.get();
            assertTrue(before < 16L << 20, "the producer stopped at the high-water mark: " + before + " bytes");
            assertEquals("fast", other.send(get("/fast")).read().text(), "the event loop is free meanwhile");
            Wire.Response r = wire.read();
            assertEquals(EXPORT, r.body().length);
            assertArrayEquals(digestOfExport(), MessageDigest.getInstance("SHA-256").digest(r.body()));
        }
    }

    @Test
    void anOfferNeverWaitsItIsRefusedWhileTheClientIsBehindAndWhatWentInArrives() throws Exception {
        try (Wire wire = Wire.connect(server.port(), 64 * 1024)) {
            wire.send(get("/offers"));
            assertTrue(writerStopped.await(10, TimeUnit.SECONDS), "the feeder never waited");
            assertTrue(writerSaw.get() != null, "some offers were refused while the client read nothing");
            long accepted = produced.get();
            assertTrue(accepted < 16L << 20, "only what the buffers hold went in: " + accepted);
            Wire.Response r = wire.read();
            assertEquals(accepted + "end\n".length(), r.body().length, "every offer that went in arrived, and the end");
        }
    }

    @Test
    void aClientThatLeavesIsSeenByTheWriter() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            wire.send(get("/forever")).readHead();
            assertEquals("tick\n", new String(wire.readChunk(), StandardCharsets.UTF_8));
        }
        assertTrue(writerStopped.await(10, TimeUnit.SECONDS), "the writer stopped");
        assertTrue(writerSaw.get() instanceof StreamClosedException, "it was told why: " + writerSaw.get());
        assertTrue(closedCallback.await(5, TimeUnit.SECONDS), "onClose ran");
    }

    @Test
    void aFailureBeforeTheStreamWasSentIsAPlain500() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send(get("/fails")).read();
            assertEquals(500, r.status());
            assertFalse(r.text().contains("never sent"));
            assertEquals("fast", wire.send(get("/fast")).read().text());
        }
    }

    @Test
    void headGetsTheHeadAndNoBody() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("HEAD /pieces HTTP/1.1\r\nHost: test\r\n\r\n").readHead();
            assertEquals(200, r.status());
            assertEquals("fast", wire.send(get("/fast")).read().text(), "no body came between the two");
        }
    }

    @Test
    void anHttp10ClientGetsTheStreamUnframedAndThenTheClose() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            Wire.Response r = wire.send("GET /pieces HTTP/1.0\r\n\r\n").readHead();
            assertNull(r.header("Transfer-Encoding"));
            assertEquals("close", r.header("Connection"));
            assertEquals("one,two,three", new String(wire.readToEnd(), StandardCharsets.UTF_8));
        }
    }

    private static void fill(byte[] piece, long offset) {
        for (int i = 0; i < piece.length; i++) piece[i] = (byte) ((offset + i) * 31 >>> 3);
    }

    private static byte[] digestOfExport() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] piece = new byte[PIECE];
        for (long sent = 0; sent < EXPORT; sent += PIECE) {
            fill(piece, sent);
            sha.update(piece);
        }
        return sha.digest();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
