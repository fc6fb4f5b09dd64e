package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.Problem;
import dev.kiln.ResponseStream;
import dev.kiln.compression.Compression;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Compression as a server applies it: negotiated per request, framed with its own length, off by default. */
class CompressionServingTest {
    private static final CountDownLatch secondMayGo = new CountDownLatch(1);
    private static final String PAGE = "<p>" + "Kiln compresses text. ".repeat(200) + "</p>";
    private static final byte[] SHARED = "not to be touched ".repeat(5_000).getBytes(StandardCharsets.US_ASCII);

    private static TestRoutes routes() {
        return TestRoutes.builder()
                .get("/page", ctx -> ctx.body(PAGE, "text/html; charset=utf-8"))
                .get("/small", ctx -> ctx.text("tiny"))
                .get("/png", ctx -> ctx.body(new byte[4096], "image/png"))
                .get("/shared", ctx -> ctx.body(SHARED, "text/plain"))
                .get("/own", ctx -> ctx.header("Content-Encoding", "br").body(new byte[4096], "text/plain"))
                .get("/empty", ctx -> ctx.status(204))
                .post("/echo", ctx -> ctx.body(ctx.body(), "text/plain"))
                .get("/streamed", ctx -> {
                    ResponseStream out = ctx.stream("text/html; charset=utf-8");
                    out.write(PAGE.substring(0, 100)).write(PAGE.substring(100, 2000)).write(PAGE.substring(2000));
                    out.close();
                })
                .get("/streamed-png", ctx -> ctx.stream("image/png").write(new byte[4096]).close())
                .get("/flushed", ctx -> {
                    ResponseStream out = ctx.stream("text/plain");
                    out.write("first piece\n").flush();
                    new Thread(() -> {
                        try {
                            secondMayGo.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        out.write("second piece\n").close();
                    }).start();
                })
                .build();
    }

    private static KilnTest app(Compression compression) {
        return KilnTest.of(new KilnServer(routes()).compression(compression).maxBodySize(100_000));
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void aStreamedResponseIsCompressedAsItGoesWithoutALength() throws IOException {
        KilnTest app = app(Compression.gzip());
        KilnTest.Response r = app.call("GET", "/streamed").header("Accept-Encoding", "gzip").send();
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(PAGE, gunzip(r.body()));
        KilnTest.Response plain = app.get("/streamed");
        assertNull(plain.header("Content-Encoding"));
        assertEquals("Accept-Encoding", plain.header("Vary"));
        assertEquals(PAGE, plain.text());
        assertNull(app.call("GET", "/streamed-png").header("Accept-Encoding", "gzip").send().header("Content-Encoding"),
                "not a type worth it");
    }

    @Test
    void whatAStreamFlushesTheClientCanDecodeBeforeTheStreamEnds() throws Exception {
        try (RunningServer server = new KilnServer(routes()).compression(Compression.gzip()).port(0).host("127.0.0.1")
                .start(); Wire wire = Wire.connect(server.port())) {
            Wire.Response head = wire.send(Wire.get("/flushed", "Accept-Encoding: gzip")).readHead();
            assertEquals("gzip", head.header("Content-Encoding"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            Inflater inflater = new Inflater(true); // raw deflate, after gzip's 10-byte header
            StringBuilder decoded = new StringBuilder();
            while (!decoded.toString().contains("first piece\n")) {
                byte[] chunk = wire.readChunk();
                all.write(chunk);
                byte[] gz = all.toByteArray();
                if (gz.length <= 10) continue;
                inflater.reset();
                inflater.setInput(gz, 10, gz.length - 10);
                byte[] out = new byte[1024];
                decoded.setLength(0);
                int n;
                while ((n = inflater.inflate(out)) > 0) decoded.append(new String(out, 0, n, StandardCharsets.UTF_8));
            }
            secondMayGo.countDown(); // only now is the rest written: the first piece came through on its own
            byte[] chunk;
            while ((chunk = wire.readChunk()) != null) all.write(chunk);
            assertEquals("first piece\nsecond piece\n", gunzip(all.toByteArray()));
        }
    }

    @Test
    void aClientThatAcceptsGzipGetsItWithItsLengthAndVary() throws IOException {
        KilnTest.Response r = app(Compression.gzip()).call("GET", "/page").header("Accept-Encoding", "gzip, br").send();
        assertEquals(200, r.status());
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(String.valueOf(r.body().length), r.header("Content-Length"), "the compressed body's length");
        assertEquals(PAGE, gunzip(r.body()));
    }

    @Test
    void everyResponseThatCouldBeCompressedSaysVaryWhetherItWasOrNot() {
        KilnTest app = app(Compression.gzip());
        KilnTest.Response plain = app.get("/page");
        assertNull(plain.header("Content-Encoding"), "no Accept-Encoding: as it is");
        assertEquals("Accept-Encoding", plain.header("Vary"));
        assertEquals(PAGE, plain.text());
        KilnTest.Response refused = app.call("GET", "/page").header("Accept-Encoding", "gzip;q=0, identity").send();
        assertNull(refused.header("Content-Encoding"));
        assertEquals("Accept-Encoding", refused.header("Vary"));
        for (String path : new String[] {"/small", "/png"}) {
            KilnTest.Response r = app.call("GET", path).header("Accept-Encoding", "gzip").send();
            assertNull(r.header("Content-Encoding"), path + ": too small, or not a type worth it");
            assertNull(r.header("Vary"), path + ": could never be compressed");
        }
    }

    @Test
    void aBodyWithAnEncodingOfItsOwnOrNoContentIsLeftAlone() {
        KilnTest app = app(Compression.gzip());
        assertEquals("br", app.call("GET", "/own").header("Accept-Encoding", "gzip").send().header("Content-Encoding"));
        KilnTest.Response none = app.call("GET", "/empty").header("Accept-Encoding", "gzip").send();
        assertEquals(204, none.status());
        assertNull(none.header("Content-Encoding"));
    }

    @Test
    void aHandlersOwnArrayIsNotOverwrittenAndHeadSaysGetsLength() throws IOException {
        KilnTest app = app(Compression.gzip());
        byte[] before = SHARED.clone();
        KilnTest.Response r = app.call("GET", "/shared").header("Accept-Encoding", "gzip").send();
        assertArrayEquals(before, SHARED, "the array the handler gave is untouched");
        assertEquals(new String(SHARED, StandardCharsets.US_ASCII), gunzip(r.body()));
        KilnTest.Response head = app.call("HEAD", "/shared").header("Accept-Encoding", "gzip").send();
        assertEquals(r.header("Content-Length"), head.header("Content-Length"));
        assertEquals("gzip", head.header("Content-Encoding"));
        assertEquals(0, head.body().length);
    }

    @Test
    void aGzipRequestBodyReachesItsHandlerDecompressedWhenTurnedOn() throws IOException {
        KilnTest app = app(Compression.builder().decompressRequests(true).build());
        byte[] plain = "hello, compressed world".getBytes(StandardCharsets.UTF_8);
        KilnTest.Response r = app.call("POST", "/echo").header("Content-Encoding", "gzip").body(gzip(plain)).send();
        assertEquals(200, r.status());
        assertEquals("hello, compressed world", r.text());
    }

    @Test
    void aSmallGzipThatExpandsPastTheLimitIs413() throws IOException {
        KilnTest app = app(Compression.builder().decompressRequests(true).build());
        byte[] bomb = gzip(new byte[50_000_000]); // 50 MB of zeros in about 50 KB: under the 100 KB limit as sent
        KilnTest.Response r = app.call("POST", "/echo").header("Content-Encoding", "gzip").body(bomb).send();
        assertEquals(413, r.status());
        assertEquals(Problem.of(413, "body larger than 100000 bytes once decompressed"), r.problem());
    }

    @Test
    void aBodyThatIsNotWhatItsCodingSaysIs400AndAnotherCodingIs415() {
        KilnTest app = app(Compression.builder().decompressRequests(true).build());
        byte[] text = "plain".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, app.call("POST", "/echo").header("Content-Encoding", "gzip").body(text).send().status());
        KilnTest.Response br = app(Compression.builder().decompressRequests(true).build())
                .call("POST", "/echo").header("Content-Encoding", "br").body(text).send();
        assertEquals(415, br.status());
        assertEquals(Problem.of(415, "content coding br is not accepted: send gzip, or none"), br.problem());
    }

    @Test
    void offByDefaultAndRequestBodiesPassAsTheyCame() throws IOException {
        KilnTest plain = KilnTest.of(routes());
        KilnTest.Response r = plain.call("GET", "/page").header("Accept-Encoding", "gzip").send();
        assertNull(r.header("Content-Encoding"));
        assertNull(r.header("Vary"));
        byte[] gz = gzip("x".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(gz, plain.request("POST", "/echo", Map.of("Content-Encoding", "gzip"), gz).body());
        KilnTest.Response notOn = app(Compression.gzip()).request("POST", "/echo", Map.of("Content-Encoding", "gzip"), gz);
        assertArrayEquals(gz, notOn.body(), "compression of responses alone leaves request bodies as they came");
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
