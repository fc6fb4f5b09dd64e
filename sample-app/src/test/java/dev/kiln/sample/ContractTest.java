package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.server.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample app's contract, checked over a real socket against the server started as {@code main} starts it. */
class ContractTest {
    private static RunningServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = SampleApp.start(0, "test-token");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void plaintext() throws Exception {
        HttpResponse<byte[]> r = send(to("/plaintext"));
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("Hello, World!", text(r));
        assertEquals("13", r.headers().firstValue("content-length").orElseThrow());
        assertTrue(r.headers().firstValue("date").isPresent(), "Date header");
    }

    @Test
    void json() throws Exception {
        HttpResponse<byte[]> r = send(to("/json"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"message\":\"Hello, World!\"}", text(r));
    }

    @Test
    void postedJsonIsReadIntoARecordAndWrittenBack() throws Exception {
        String json = "{\"message\":\"caf\u00e9 \\\"quoted\\\"\"}";
        HttpResponse<byte[]> r = send(to("/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(200, r.statusCode());
        assertEquals(json, text(r));
        HttpResponse<byte[]> bad = send(to("/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":")));
        assertEquals(400, bad.statusCode());
    }

    @Test
    void userCarriesItsId() throws Exception {
        HttpResponse<byte[]> r = send(to("/users/42"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"id\":\"42\"}", text(r));
    }

    @Test
    void userIdIsDecodedAndEscaped() throws Exception {
        HttpResponse<byte[]> r = send(to("/users/a%2Fb%22c"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"id\":\"a/b\\\"c\"}", text(r));
    }

    @Test
    void echoReturnsTheBodyByteForByte() throws Exception {
        byte[] body = new byte[70_000];
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> r = send(to("/echo").header("Content-Type", "application/x-test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(200, r.statusCode());
        assertEquals("application/x-test", r.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(body, r.body());
    }

    @Test
    void whoamiAnswersTheRequestId() throws Exception {
        HttpResponse<byte[]> r = send(to("/whoami").header("X-Request-Id", "req-7f3a"));
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("req-7f3a", text(r));
    }

    @Test
    void boomIsA500WithoutAStackTrace() throws Exception {
        HttpResponse<byte[]> r = send(to("/boom"));
        assertEquals(500, r.statusCode());
        String body = text(r);
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(new String(ProblemRenderer.json().render(Problem.of(500, null)), StandardCharsets.UTF_8), body,
                "the Recovery middleware's answer: the server's own 500, no detail");
        assertFalse(body.contains("Exception") || body.contains("at dev."), body);
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, send(to("/nope")).statusCode());
        assertEquals(404, send(to("/users/1/posts")).statusCode());
    }

    @Test
    void openApiDocumentIsServedAndDescribesTheRoutes() throws Exception {
        HttpResponse<byte[]> r = send(to("/openapi.json"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        String doc = text(r);
        assertTrue(doc.contains("\"openapi\": \"3.1.0\""), doc);
        assertTrue(doc.contains("\"/todos/{id}\""), "the todo routes are documented");
        assertTrue(doc.contains("\"NewTodo\""), "the body record of POST /todos has a schema");
        assertTrue(doc.contains("\"/fortunes\"") && doc.contains("\"text/html\""), "the fortunes page is documented as HTML");
        assertTrue(doc.contains("\"text/event-stream\""), "the event stream is documented as one");
        assertTrue(doc.contains("\"text/csv; charset=utf-8\""), "the export is documented as CSV");
        assertTrue(doc.contains("\"format\": \"binary\"") || doc.contains("\"format\":\"binary\""), "the checksum's body as binary");
        assertTrue(doc.contains("\"multipart/form-data\""), "POST /upload takes a multipart body");
        assertTrue(doc.contains("\"format\": \"binary\""), "its file part is binary");
        assertTrue(doc.contains("\"application/x-www-form-urlencoded\""), "POST /feedback takes a plain form too");
    }

    @Test
    void feedbackTakesAFormInEitherEncoding() throws Exception {
        HttpResponse<byte[]> plain = send(to("/feedback").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Ada+Lovelace&rating=5&topic=docs&topic=speed&comment=%C3%A9l%C3%A9gant")));
        assertEquals(200, plain.statusCode(), text(plain));
        assertEquals("thanks, Ada Lovelace: 5/5 on docs, speed (7 characters of comment)", text(plain));
        HttpResponse<byte[]> multipart = send(to("/feedback").header("Content-Type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("b0undary", "name", null, "Ada".getBytes(StandardCharsets.UTF_8),
                        "rating", null, "4".getBytes(StandardCharsets.UTF_8)))));
        assertEquals("thanks, Ada: 4/5", text(multipart));
    }

    @Test
    void feedbackRefusesWhatItCannotBind() throws Exception {
        HttpResponse<byte[]> outOfRange = send(to("/feedback").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Ada&rating=9")));
        assertEquals(400, outOfRange.statusCode());
        assertTrue(text(outOfRange).contains("\"name\":\"rating\",\"in\":\"form\""), text(outOfRange));
        HttpResponse<byte[]> missing = send(to("/feedback").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("rating=3")));
        assertEquals(400, missing.statusCode());
        assertTrue(text(missing).contains("form parameter 'name'"), text(missing));
        HttpResponse<byte[]> json = send(to("/feedback").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")));
        assertEquals(415, json.statusCode());
    }

    @Test
    void uploadAnswersTheFilesNameSizeAndSha256() throws Exception {
        byte[] file = new byte[300_000]; // past the memory threshold: read back from a temporary file
        new Random(20).nextBytes(file);
        HttpResponse<byte[]> r = send(to("/upload").header("Content-Type", "multipart/form-data; boundary=----kiln42")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("----kiln42", "file", "report été.pdf", file))));
        assertEquals(200, r.statusCode(), text(r));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        assertEquals("{\"fileName\":\"report été.pdf\",\"contentType\":\"application/pdf\",\"size\":300000,"
                + "\"sha256\":\"" + sha + "\"}", text(r));
        HttpResponse<byte[]> plain = send(to("/upload").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("file=x")));
        assertEquals(415, plain.statusCode(), "a file needs a multipart body");
        HttpResponse<byte[]> cut = send(to("/upload").header("Content-Type", "multipart/form-data; boundary=----kiln42")
                .POST(HttpRequest.BodyPublishers.ofString("------kiln42\r\nContent-Disposition: form-data; name=\"file\";"
                        + " filename=\"a\"\r\n\r\nno closing boundary")));
        assertEquals(400, cut.statusCode());
    }

    /**
     * A multipart body of the parts given as name, file name (null for a field) and content, in turn; a file part
     * says {@code application/pdf}.
     */
    private static byte[] multipart(String boundary, Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i += 3) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + parts[i] + "\""
                    + (parts[i + 1] == null ? "\r\n\r\n" : "; filename=\"" + parts[i + 1] + "\"\r\nContent-Type: application/pdf\r\n\r\n");
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes((byte[]) parts[i + 2]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * TechEmpower's fortunes page, exactly: the twelve stored fortunes and the one added per request, sorted by
     * message, the {@code <script>} fortune escaped to text, the Japanese one in UTF-8. The test's verifier compares
     * parsed HTML, so its {@code &apos;} and JStachio's {@code &#x27;} are the same apostrophe.
     */
    @Test
    void fortunesIsTechEmpowersPageEscapedAndSorted() throws Exception {
        String expected = """
                <!DOCTYPE html>
                <html>
                <head><title>Fortunes</title></head>
                <body>
                <table>
                <tr><th>id</th><th>message</th></tr>
                <tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>
                <tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1</td></tr>
                <tr><td>5</td><td>A computer program does what you tell it to do, not what you want it to do.</td></tr>
                <tr><td>2</td><td>A computer scientist is someone who fixes things that aren&#x27;t broken.</td></tr>
                <tr><td>8</td><td>A list is only as strong as its weakest link. — Donald Knuth</td></tr>
                <tr><td>0</td><td>Additional fortune added at request time.</td></tr>
                <tr><td>3</td><td>After enough decimal places, nobody gives a damn.</td></tr>
                <tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>
                <tr><td>10</td><td>Computers make very fast, very accurate mistakes.</td></tr>
                <tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen</td></tr>
                <tr><td>9</td><td>Feature: A bug with seniority.</td></tr>
                <tr><td>1</td><td>fortune: No such file or directory</td></tr>
                <tr><td>12</td><td>フレームワークのベンチマーク</td></tr>
                </table>
                </body>
                </html>
                """;
        for (int request = 0; request < 2; request++) { // the added row is added to each request's own copy
            HttpResponse<byte[]> r = send(to("/fortunes"));
            assertEquals(200, r.statusCode());
            assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), r.body(), text(r));
            assertEquals(String.valueOf(r.body().length), r.headers().firstValue("content-length").orElseThrow());
        }
    }

    @Test
    void eventsTickEverySecondWithTheirNumberAsIdAndAReconnectingClientIsToldWhatItMissed() throws Exception {
        HttpResponse<Stream<String>> r = client.send(to("/events").header("Last-Event-ID", "0").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        Iterator<String> lines = r.body().iterator();
        assertEquals("retry: 2000", lines.next());
        assertEquals("", lines.next());
        assertEquals("event: resumed", lines.next());
        assertTrue(lines.next().startsWith("data: missed "));
        assertEquals("", lines.next());
        String line;
        do {
            line = lines.next(); // heartbeats may come first
        } while (!line.startsWith("event: "));
        assertEquals("event: tick", line);
        String id = lines.next();
        assertTrue(id.startsWith("id: "), id);
        assertEquals("data: tick " + id.substring(4), lines.next());
        r.body().close();
    }

    @Test
    void theCsvExportIsStreamedRowByRow() throws Exception {
        HttpResponse<byte[]> r = send(to("/export.csv?rows=3"));
        assertEquals(200, r.statusCode());
        assertEquals("text/csv; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertFalse(r.headers().firstValue("content-length").isPresent(), "a length not known in advance");
        assertEquals("id,name,square\n1,item 1,1\n2,item 2,4\n3,item 3,9\n", text(r));
        assertEquals(1_001, text(send(to("/export.csv"))).lines().count(), "1000 rows by default, and the header");
    }

    @Test
    void aChecksumIsTakenOfABodyReadAsItArrives() throws Exception {
        byte[] body = new byte[12 << 20]; // over the server's 8 MiB for gathered bodies: this route has its own limit
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> r = send(to("/checksum").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)))); // no length: chunked
        assertEquals(200, r.statusCode(), text(r));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals("{\"bytes\":" + body.length + ",\"sha256\":\"" + sha + "\"}", text(r));
    }

    @Test
    void assetsServeThePageItsScriptAndStyleWithTagsAndRanges() throws Exception {
        HttpResponse<byte[]> page = send(to("/assets/"));
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(text(page).contains("<script src=\"app.js\"></script>"), text(page));
        assertEquals("no-cache", page.headers().firstValue("cache-control").orElseThrow());
        HttpResponse<byte[]> js = send(to("/assets/app.js"));
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
        assertTrue(text(js).contains("fetch('/json')"));
        assertTrue(text(js).contains("new EventSource('/events')"), "the page follows the event stream");
        assertEquals("text/css; charset=utf-8", send(to("/assets/style.css")).headers().firstValue("content-type").orElseThrow());

        String etag = js.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> unchanged = send(to("/assets/app.js").header("If-None-Match", etag));
        assertEquals(304, unchanged.statusCode());
        assertEquals(0, unchanged.body().length);
        HttpResponse<byte[]> range = send(to("/assets/app.js").header("Range", "bytes=0-1"));
        assertEquals(206, range.statusCode());
        assertEquals("//", text(range));
        HttpResponse<byte[]> head = send(to("/assets/app.js").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(String.valueOf(js.body().length), head.headers().firstValue("content-length").orElseThrow());
        assertEquals(0, head.body().length);

        assertEquals(404, send(to("/assets/missing.js")).statusCode());
        HttpResponse<byte[]> bare = send(to("/assets"));
        assertEquals(301, bare.statusCode(), "the router's trailing-slash redirect");
        assertEquals("/assets/", bare.headers().firstValue("location").orElseThrow());
    }

    @Test
    void assetsNeverServeWhatIsOutsideTheirDirectory() throws IOException {
        // Raw bytes: the JDK's client would normalise the dots away.
        for (String path : new String[] {"/assets/../dev/kiln/sample/SampleApp.class", "/assets/%2e%2e/logback.xml",
                "/assets/..%2fdev/kiln/sample/SampleApp.class", "/assets/..%5cdev", "/assets//etc/passwd"}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            }
        }
    }

    @Test
    void theServerKeepsServingAfterAFailure() throws Exception {
        assertEquals(500, send(to("/boom")).statusCode());
        assertEquals(200, send(to("/plaintext")).statusCode());
    }

    @Test
    void portComesFromTheFlagThenTheVariableThenTheDefault() {
        assertEquals(9001, SampleApp.port(new String[] {"--port", "9001"}, "7000"));
        assertEquals(9002, SampleApp.port(new String[] {"--port=9002"}, null));
        assertEquals(7000, SampleApp.port(new String[0], "7000"));
        assertEquals(8080, SampleApp.port(new String[0], null));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SampleApp.port(new String[] {"--port", "http"}, null));
        assertEquals("--port must be a port number from 0 to 65535, not 'http'", e.getMessage());
    }
}
