package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.ProblemRenderer;
import dev.kiln.server.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
