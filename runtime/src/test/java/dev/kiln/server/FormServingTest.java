package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.form.FormData;
import dev.kiln.form.Forms;
import dev.kiln.form.Upload;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forms as a server reads them: from the gathered body on the first read, with the server's limits, answered 400,
 * 413 and 415 as problems; and temporary files deleted once the response is written, whatever became of the
 * request: served, failed, refused, or its client gone mid-body or mid-handler.
 */
class FormServingTest {
    private static final String BOUNDARY = "kiln-test-boundary";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    /** File parts seen in a temporary file: so that the test of no files left is not true of none ever made. */
    private static final AtomicInteger spilled = new AtomicInteger();

    @TempDir
    static Path uploads;

    private static TestRoutes routes() {
        return TestRoutes.builder()
                .post("/form", ctx -> {
                    FormData form = Forms.of(ctx);
                    ctx.text(form.field("name") + "|" + form.fields("tag") + "|" + form.isMultipart());
                })
                .post("/upload", ctx -> ctx.text(receipt(Forms.upload(ctx, "file"))))
                .blocking("POST", "/slow-upload", ctx -> {
                    Thread.sleep(20);
                    ctx.text(receipt(Forms.upload(ctx, "file")));
                })
                .streaming("POST", "/streamed-upload", 1 << 20, ctx -> ctx.text(receipt(Forms.upload(ctx, "file"))))
                .post("/fail", ctx -> {
                    receipt(Forms.upload(ctx, "file"));
                    throw new IllegalStateException("the handler fails after reading the upload");
                })
                .build();
    }

    private static String receipt(Upload upload) throws Exception {
        if (upload.inFile()) spilled.incrementAndGet();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = upload.inputStream()) {
            sha.update(in.readAllBytes());
        }
        return upload.fileName() + " " + upload.contentType() + " " + upload.size() + " " + HexFormat.of().formatHex(sha.digest());
    }

    private static KilnServer server() {
        return new KilnServer(routes()).port(0).host("127.0.0.1").eventLoops(1).printRoutes(false)
                .formMemoryThreshold(1024).maxFormPartSize(64 * 1024).maxFormParts(8).uploadDirectory(uploads)
                .shutdownTimeout(Duration.ofSeconds(1));
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void eitherEncodingIsReadAndEverythingElseIs415() {
        KilnTest app = KilnTest.of(server());
        KilnTest.Response plain = app.call("POST", "/form").header("Content-Type", "application/x-www-form-urlencoded")
                .text("name=Ada+L&tag=a&tag=b").send();
        assertEquals("Ada L|[a, b]|false", plain.text());
        KilnTest.Response multi = app.call("POST", "/form").header("Content-Type", MULTIPART)
                .body(multipart(new Part("name", null, "Ada L"), new Part("tag", null, "a"))).send();
        assertEquals("Ada L|[a]|true", multi.text());
        KilnTest.Response json = app.call("POST", "/form").json("{\"name\":\"Ada\"}").send();
        assertEquals(415, json.status());
        assertTrue(json.text().contains("expected application/x-www-form-urlencoded or multipart/form-data"), json.text());
        assertEquals(415, app.call("POST", "/form").send().status(), "no Content-Type at all");
        KilnTest.Response notMultipart = app.call("POST", "/upload")
                .header("Content-Type", "application/x-www-form-urlencoded").text("file=x").send();
        assertEquals(415, notMultipart.status(), "a file part needs multipart");
    }

    @Test
    void badBodiesAre400And413AsProblems() {
        KilnTest app = KilnTest.of(server());
        KilnTest.Response malformed = app.call("POST", "/form").header("Content-Type", MULTIPART)
                .text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary").send();
        assertEquals(400, malformed.status());
        assertEquals("application/problem+json", malformed.header("Content-Type"));
        assertTrue(malformed.text().contains("the body ends before its closing boundary"), malformed.text());
        KilnTest.Response tooMany = app.call("POST", "/form").header("Content-Type", "application/x-www-form-urlencoded")
                .text("a=1&a=2&a=3&a=4&a=5&a=6&a=7&a=8&a=9").send();
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.text().contains("more than 8 fields and parts"), tooMany.text());
        KilnTest.Response tooLarge = app.call("POST", "/upload").header("Content-Type", MULTIPART)
                .body(multipart(new Part("file", "big.bin", "x".repeat(65 * 1024)))).send();
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.text().contains("part 'file' larger than 65536 bytes"), tooLarge.text());
        KilnTest.Response missing = app.call("POST", "/upload").header("Content-Type", MULTIPART)
                .body(multipart(new Part("other", "a.txt", "x"))).send();
        assertEquals(400, missing.status());
        assertTrue(missing.text().contains("\"name\":\"file\",\"in\":\"form\",\"expected\":\"a file\""), missing.text());
    }

    @Test
    void anUploadOverARealSocketIsReadWholeAndItsFileDeletedAfterTheResponse() throws Exception {
        byte[] content = new byte[60_000];
        new Random(7).nextBytes(content);
        try (RunningServer running = server().start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int before = spilled.get();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + "/slow-upload"))
                    .header("Content-Type", MULTIPART)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(new Part("file", "photo.jpg", content))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            assertEquals("photo.jpg application/octet-stream 60000 " + sha, r.body());
            assertEquals(before + 1, spilled.get(), "the part went to a temporary file");
            awaitNoFiles();
        }
    }

    /**
     * Issue #20's test: 1,000 uploads over real sockets, one in five cut off mid-body (half of them while a route
     * that streams its body is writing the part to its file), one in ten whose client leaves while a blocking handler
     * still has it, one in ten whose handler fails, one in ten over the part limit; then the upload directory is
     * empty.
     */
    @Test
    void aThousandUploadsSomeAbortedLeaveNoTemporaryFile() throws Exception {
        byte[] file = new byte[4096]; // over the 1 KiB threshold: every served upload spills
        new Random(1).nextBytes(file);
        byte[] body = multipart(new Part("note", null, "hello"), new Part("file", "f.bin", file));
        byte[] tooLarge = multipart(new Part("file", "big.bin", new byte[70 * 1024]));
        int before = spilled.get();
        int served = 0;
        try (RunningServer running = server().start()) {
            for (int i = 0; i < 1000; i++) {
                try (Wire wire = Wire.connect(running.port())) {
                    switch (i % 10) {
                        case 0, 5 -> { // cut off mid-body: the client goes away, while the body is gathered or read
                            wire.send(head(i % 10 == 0 ? "/streamed-upload" : "/upload", body.length));
                            wire.send(java.util.Arrays.copyOf(body, body.length / 2 + i % 7));
                        }
                        case 1 -> wire.send(head("/slow-upload", body.length)).send(body); // leaves while handled
                        case 2 -> assertEquals(500, wire.send(head("/fail", body.length)).send(body).read().status());
                        case 3 -> assertEquals(413, wire.send(head("/upload", tooLarge.length)).send(tooLarge).read().status());
                        default -> {
                            String path = i % 3 == 0 ? "/upload" : i % 3 == 1 ? "/slow-upload" : "/streamed-upload";
                            Wire.Response r = wire.send(head(path, body.length)).send(body).read();
                            assertEquals(200, r.status(), r.text());
                            served++;
                        }
                    }
                }
            }
            awaitNoFiles();
        }
        assertEquals(500, served);
        assertTrue(spilled.get() - before >= 600, "served, failed and most left uploads were in files: " + (spilled.get() - before));
    }

    /** Waits for handlers still running (a blocking one whose client left) to end; fails if a file stays. */
    private static void awaitNoFiles() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long left;
        while ((left = files()) > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, left, "temporary files left in " + uploads);
    }

    private static long files() throws IOException {
        try (Stream<Path> list = Files.list(uploads)) {
            return list.count();
        }
    }

    private static byte[] head(String path, int length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Type: " + MULTIPART + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    record Part(String name, String fileName, byte[] content) {
        Part(String name, String fileName, String content) {
            this(name, fileName, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] multipart(Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"") + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
