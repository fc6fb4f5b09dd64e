package dev.kiln.server;

import static dev.kiln.server.H2Wire.DATA;
import static dev.kiln.server.H2Wire.END_STREAM;
import static dev.kiln.server.H2Wire.HEADERS;
import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ResponseStream;
import dev.kiln.sse.EventStream;
import dev.kiln.test.LeakRecorder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 in clear text on the routes HTTP/1.1 serves: by prior knowledge (raw frames, {@link H2Wire}) and by
 * {@code Upgrade: h2c} (the JDK's {@code HttpClient}), many streams on one connection, bodies, streamed responses
 * and SSE with per-stream flow control, and HTTP/1.1 beside it on the same port.
 */
@Timeout(60)
class Http2Test {
    private static final int PIECE = 8192;
    private static final long EXPORT = 8L << 20;

    private final AtomicLong produced = new AtomicLong();
    private final CountDownLatch exportDone = new CountDownLatch(1);
    private RunningServer server;

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/hello", ctx -> ctx.header("X-Route", "hello").text("hello " + ctx.header("X-Name")))
                .post("/echo", ctx -> ctx.body(ctx.body(), "application/octet-stream"))
                .blocking("GET", "/export", ctx -> {
                    try (OutputStream out = ctx.stream("application/octet-stream").outputStream()) {
                        byte[] piece = new byte[PIECE];
                        for (long sent = 0; sent < EXPORT; sent += PIECE) {
                            out.write(piece);
                            produced.set(sent + PIECE);
                        }
                    } finally {
                        exportDone.countDown();
                    }
                })
                .get("/events", ctx -> {
                    EventStream events = EventStream.open(ctx);
                    events.send("first");
                    Thread later = new Thread(() -> {
                        sleep(300);
                        events.send("second");
                        events.close();
                    });
                    later.start();
                })
                .get("/pieces", ctx -> {
                    ResponseStream out = ctx.stream("text/plain");
                    out.write("one,").write("two,").write("three");
                    out.close();
                })
                .get("/summed", ctx -> ctx.stream("text/plain").write("abc").trailer("x-checksum", "294").close())
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true)
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
    void priorKnowledgeIsServedOnTheRoutesWithoutConnectionSpecificHeaders() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/hello", ":authority", "localhost",
                    "x-name", "h2");
            H2Wire.Response r = h2.response(1);
            assertEquals(200, r.status());
            assertEquals("hello h2", r.text());
            assertEquals("hello", r.headers().get("x-route").toString());
            assertEquals("8", r.headers().get("content-length").toString());
            assertTrue(r.headers().contains("date"));
            for (String name : new String[] {"connection", "keep-alive", "transfer-encoding", "upgrade"}) {
                assertFalse(r.headers().contains(name), name + " is connection-specific (RFC 9113 §8.2.2)");
            }
        }
    }

    /**
     * Where a stream is served: a request without a body on the connection itself ({@link Http2Streams}), one with a
     * body by a child channel's handler of its own, which is in the registry with the connection while it serves;
     * either way the connection counts once.
     */
    @Test
    void aBodilessRequestIsAnsweredOnTheConnectionAndOneWithABodyByAHandlerOfItsOwn() throws Exception {
        RunningServer[] counted = new RunningServer[1];
        TestRoutes routes = TestRoutes.builder()
                .get("/count", ctx -> ctx.text(counted[0].connections() + "/" + counted[0].handlers()))
                .post("/count", ctx -> ctx.text(counted[0].connections() + "/" + counted[0].handlers()))
                .build();
        counted[0] = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true).start();
        try (H2Wire h2 = H2Wire.connect(counted[0].port())) {
            h2.get(1, "/count");
            assertEquals("1/1", h2.response(1).text(), "the connection alone");
            h2.headers(3, false, ":method", "POST", ":scheme", "http", ":path", "/count", ":authority", "localhost");
            h2.data(3, true, new byte[] {1});
            assertEquals("1/2", h2.response(3).text(), "the connection, and the stream's own handler");
        } finally {
            counted[0].close();
        }
    }

    /**
     * A response answered on the connection ({@link Http2Responses}) has the status, headers and body the same
     * chain's response gets through a stream's own handler and Netty's conversion (a request with a body): the
     * connection-specific fields dropped, the server's {@code content-length} and {@code date}, none on 204 or 304.
     */
    @Test
    void aResponseAnsweredOnTheConnectionHasTheHeadersOfOneAnsweredByItsOwnHandler() throws Exception {
        java.util.Map<String, dev.kiln.Middleware> chains = new java.util.LinkedHashMap<>();
        chains.put("/plain", ctx -> ctx.text("plain"));
        chains.put("/typed", ctx -> ctx.header("Content-Type", "text/x-mine").header("X-Mixed-Case", "yes")
                .json("{\"a\":1}"));
        chains.put("/own-type", ctx -> ctx.header("Content-Type", "text/x-mine").bytes(new byte[] {1, 2}));
        chains.put("/empty", ctx -> ctx.status(204).text("dropped"));
        chains.put("/unchanged", ctx -> ctx.status(304).header("ETag", "\"v1\""));
        chains.put("/connection", ctx -> ctx.header("Connection", "keep-alive").header("Keep-Alive", "timeout=5")
                .header("Upgrade", "x").header("Transfer-Encoding", "chunked").header("Content-Length", "999")
                .header("Proxy-Connection", "x").header("TE", "trailers").text("answer"));
        chains.put("/missing", ctx -> ctx.status(404).problem(dev.kiln.Problem.of(404, "none here")));
        TestRoutes.Builder builder = TestRoutes.builder();
        chains.forEach((path, chain) -> builder.get(path, chain).post(path, chain));
        RunningServer both = new KilnServer(builder.build()).port(0).host("127.0.0.1").eventLoops(1).h2c(true).start();
        try (H2Wire h2 = H2Wire.connect(both.port())) {
            int id = 1;
            for (String path : chains.keySet()) {
                h2.get(id, path);
                H2Wire.Response here = h2.response(id);
                h2.headers(id + 2, false, ":method", "POST", ":scheme", "http", ":path", path, ":authority", "t");
                h2.data(id + 2, true, new byte[] {0});
                H2Wire.Response own = h2.response(id + 2);
                assertEquals(fields(own), fields(here), path);
                assertArrayEquals(own.body(), here.body(), path);
                id += 4;
            }
        } finally {
            both.close();
        }
    }

    /** A response's fields, sorted, {@code date} without its value (the two may be a second apart). */
    private static java.util.List<String> fields(H2Wire.Response r) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        r.headers().forEach(f -> fields.add(f.getKey() + ": " + ("date".contentEquals(f.getKey()) ? "" : f.getValue())));
        fields.sort(null);
        return fields;
    }

    /**
     * A chain run on the connection that defers its answer or fails is finished by a handler of the stream's own,
     * made then: the chain runs once, and the streams around it are answered.
     */
    @Test
    void aDeferredOrFailedAnswerIsFinishedByTheStreamsOwnHandler() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        TestRoutes routes = TestRoutes.builder()
                .get("/later", ctx -> {
                    runs.incrementAndGet();
                    ctx.defer(java.util.concurrent.CompletableFuture.supplyAsync(() -> "later",
                            java.util.concurrent.CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)),
                            (c, value) -> c.text(value));
                })
                .get("/fails", ctx -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("secret detail");
                })
                .get("/hello", ctx -> ctx.text("hello"))
                .build();
        RunningServer deferring = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true).start();
        try (H2Wire h2 = H2Wire.connect(deferring.port())) {
            h2.get(1, "/later");
            h2.get(3, "/fails");
            h2.get(5, "/hello");
            H2Wire.Response hello = h2.response(5);
            H2Wire.Response failed = h2.response(3);
            H2Wire.Response later = h2.response(1);
            assertEquals("later", later.text());
            assertEquals(500, failed.status());
            assertFalse(failed.text().contains("secret"), failed.text());
            assertEquals("hello", hello.text());
            assertEquals(2, runs.get(), "each chain ran once");
        } finally {
            deferring.close();
        }
    }

    /**
     * The headers of a request read as those of HTTP/1.1: by any case, {@code Host} from {@code :authority}, no
     * pseudo-header and none of Netty's own, whether answered on the connection or by the stream's own handler (a
     * request with a body); on the connection, cookies of several fields together.
     */
    @Test
    void theRequestHeadersReadAsOnHttp11() throws Exception {
        dev.kiln.Middleware echo = ctx -> ctx.text(String.join("|", ctx.header("Host"), ctx.header("X-NAME"),
                ctx.cookie("a"), ctx.cookie("b"), String.valueOf(ctx.headers("x-many")),
                String.valueOf(ctx.header(":path")), String.valueOf(ctx.header("x-http2-stream-id")),
                String.valueOf(ctx.copy().header("host"))));
        TestRoutes routes = TestRoutes.builder().get("/headers", echo).post("/headers", echo).build();
        RunningServer echoing = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true).start();
        try (H2Wire h2 = H2Wire.connect(echoing.port())) {
            h2.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/headers",
                    ":authority", "example.com:8080", "x-name", "h2", "cookie", "a=1", "cookie", "b=2",
                    "x-many", "1", "x-many", "2");
            assertEquals("example.com:8080|h2|1|2|[1, 2]|null|null|example.com:8080", h2.response(1).text());
            h2.headers(3, false, ":method", "POST", ":scheme", "http", ":path", "/headers",
                    ":authority", "example.com:8080", "x-name", "h2", "cookie", "a=1",
                    "x-many", "1", "x-many", "2");
            h2.data(3, true, new byte[] {1});
            assertEquals("example.com:8080|h2|1|null|[1, 2]|null|null|example.com:8080", h2.response(3).text());
        } finally {
            echoing.close();
        }
    }

    @Test
    void manyStreamsOnOneConnectionAreEachAnswered() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            for (int s = 1; s <= 39; s += 2) {
                h2.headers(s, true, ":method", "GET", ":scheme", "http", ":path", "/hello", ":authority", "localhost",
                        "x-name", "s" + s);
            }
            for (int s = 1; s <= 39; s += 2) {
                assertEquals("hello s" + s, h2.response(s).text());
            }
        }
    }

    @Test
    void aRequestBodyInSeveralDataFramesIsGathered() throws Exception {
        byte[] body = new byte[40_000];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 31);
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "localhost");
            h2.data(1, false, java.util.Arrays.copyOfRange(body, 0, 16_000));
            h2.data(1, false, java.util.Arrays.copyOfRange(body, 16_000, 32_000));
            h2.data(1, true, java.util.Arrays.copyOfRange(body, 32_000, body.length));
            H2Wire.Response r = h2.response(1);
            assertEquals(200, r.status());
            assertArrayEquals(body, r.body());
        }
    }

    @Test
    void aStreamedResponseEndsItsStreamWithoutChunkedFraming() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/pieces");
            H2Wire.Response r = h2.response(1);
            assertEquals("one,two,three", r.text());
            assertNull(r.headers().get("transfer-encoding"));
        }
    }

    /** A streamed response's trailers are its stream's last HEADERS frame, which ends the stream. */
    @Test
    void aStreamsTrailersEndItsStream() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/summed");
            H2Wire.Response r = h2.response(1);
            assertEquals("abc", r.text());
            assertEquals("294", r.trailers().get("x-checksum").toString());
            assertNull(r.headers().get("x-checksum"));
        }
    }

    @Test
    void anSseStreamAndPlainRequestsShareAConnection() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/events");
            H2Wire.Frame head = h2.expect(HEADERS);
            assertEquals(1, head.stream());
            assertEquals("text/event-stream", h2.decode(head).get("content-type").toString());
            h2.get(3, "/hello"); // while the event stream is open
            assertEquals("hello null", h2.response(3).text());
            StringBuilder events = new StringBuilder();
            while (true) {
                H2Wire.Frame f = h2.expect(DATA);
                assertEquals(1, f.stream());
                events.append(new String(f.payload(), StandardCharsets.UTF_8));
                if (f.has(END_STREAM)) break;
            }
            assertTrue(events.toString().contains("data: first\n\n"), events.toString());
            assertTrue(events.toString().contains("data: second\n\n"), events.toString());
        }
    }

    @Test
    void aStreamPausesAtItsFlowControlWindowAndGoesOnWhenItOpens() throws Exception {
        try (H2Wire h2 = H2Wire.connect(server.port())) {
            h2.get(1, "/export");
            H2Wire.Frame head = h2.expect(HEADERS);
            assertEquals("200", h2.decode(head).status().toString());
            Thread.sleep(500); // the client opens no window: the writer must wait, not buffer the export
            long early = produced.get();
            assertTrue(early < EXPORT / 4, "produced " + early + " of " + EXPORT + " with a 64 KiB window");
            long received = 0;
            while (true) { // now read, opening the stream's and the connection's windows as the bytes come
                H2Wire.Frame f = h2.expect(DATA);
                received += f.payload().length;
                if (f.payload().length > 0) h2.windowUpdate(0, f.payload().length).windowUpdate(1, f.payload().length);
                if (f.has(END_STREAM)) break;
            }
            assertEquals(EXPORT, received);
            assertTrue(exportDone.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFileBodyLargerThanTheWindowArrivesWholeAsTheWindowOpens(@TempDir java.nio.file.Path dir) throws Exception {
        byte[] content = new byte[300_000]; // several times the stream's 64 KiB window
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i % 251);
        java.nio.file.Path path = java.nio.file.Files.write(dir.resolve("big.bin"), content);
        TestRoutes routes = TestRoutes.builder()
                .get("/big", ctx -> {
                    java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(path);
                    ctx.file(file, 0, content.length, "application/octet-stream");
                })
                .build();
        RunningServer files = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true).start();
        try (H2Wire h2 = H2Wire.connect(files.port())) {
            h2.get(1, "/big");
            H2Wire.Frame head = h2.expect(HEADERS);
            assertEquals("200", h2.decode(head).status().toString());
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            while (true) { // the server sends no more than the window allows; each update lets it go on
                H2Wire.Frame f = h2.expect(DATA);
                received.write(f.payload());
                if (f.payload().length > 0) h2.windowUpdate(0, f.payload().length).windowUpdate(1, f.payload().length);
                if (f.has(END_STREAM)) break;
            }
            assertArrayEquals(content, received.toByteArray());
        } finally {
            files.close();
        }
    }

    @Test
    void aCompressedStreamPausesAtItsFlowControlWindowToo() throws Exception {
        AtomicLong written = new AtomicLong();
        TestRoutes routes = TestRoutes.builder()
                .blocking("GET", "/letters", ctx -> {
                    java.util.Random random = new java.util.Random(42);
                    try (OutputStream out = ctx.stream("text/plain").outputStream()) {
                        byte[] piece = new byte[PIECE];
                        for (long sent = 0; sent < EXPORT; sent += PIECE) {
                            for (int i = 0; i < PIECE; i++) piece[i] = (byte) ('a' + random.nextInt(26));
                            out.write(piece);
                            written.set(sent + PIECE);
                        }
                    }
                })
                .build();
        RunningServer gzip = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).h2c(true)
                .compression(dev.kiln.compression.Compression.gzip()).start();
        try (H2Wire h2 = H2Wire.connect(gzip.port())) {
            h2.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/letters", ":authority", "localhost",
                    "accept-encoding", "gzip");
            assertEquals("gzip", h2.decode(h2.expect(HEADERS)).get("content-encoding").toString());
            Thread.sleep(500); // no window opened: the writer waits (letters compress to about 60 %, not to nothing)
            long early = written.get();
            assertTrue(early < EXPORT / 4, "wrote " + early + " of " + EXPORT + " with a 64 KiB window");
            while (true) {
                H2Wire.Frame f = h2.expect(DATA);
                if (f.payload().length > 0) h2.openWindows(1, f.payload().length);
                if (f.has(END_STREAM)) break;
            }
            assertEquals(EXPORT, written.get());
        } finally {
            gzip.close();
        }
    }

    @Test
    void theJdkClientUpgradesFromHttp11AndKeepsUsingHttp2() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI hello = URI.create("http://127.0.0.1:" + server.port() + "/hello");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(hello).header("X-Name", "jdk" + i).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("hello jdk" + i, r.body());
            assertEquals(HttpClient.Version.HTTP_2, r.version(), "request " + i);
        }
        HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/echo")).POST(HttpRequest.BodyPublishers.ofString("posted")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("posted", new String(echoed.body(), StandardCharsets.UTF_8));
        assertEquals(HttpClient.Version.HTTP_2, echoed.version());
    }

    @Test
    void http11IsServedBesideItOnTheSamePort() throws Exception {
        try (Wire wire = Wire.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                Wire.Response r = wire.send(get("/hello", "X-Name: one")).read();
                assertEquals(200, r.status());
                assertEquals("hello one", r.text());
            }
        }
    }

    @Test
    void withoutH2cThePrefaceIsAnHttp11RequestOfAnotherVersion() throws Exception {
        TestRoutes routes = TestRoutes.builder().get("/hello", ctx -> ctx.text("hello")).build();
        RunningServer plain = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1).start();
        try (Wire wire = Wire.connect(plain.port())) {
            assertEquals(505, wire.send(new String(H2Wire.PREFACE, StandardCharsets.US_ASCII)).read().status());
        } finally {
            plain.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
