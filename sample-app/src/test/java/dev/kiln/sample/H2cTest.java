package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample over HTTP/2 in clear text on its HTTP/1.1 port, as the JDK's {@code HttpClient} reaches it: it asks
 * for {@code Upgrade: h2c} on its first request and stays on HTTP/2. A route, and the event stream beside it.
 */
@Timeout(30)
class H2cTest {
    private static RunningServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = SampleApp.start(0, "t");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void aRouteIsServedOverHttp2() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/plaintext")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("Hello, World!", r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
    }

    @Test
    void theEventStreamArrivesOverHttp2WhileOtherRequestsAreServed() throws Exception {
        client.send(HttpRequest.newBuilder(uri("/plaintext")).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(uri("/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(HttpClient.Version.HTTP_2, events.version());
        assertEquals("text/event-stream", events.headers().firstValue("content-type").orElse("").split(";")[0]);
        Iterator<String> lines = events.body().iterator();
        // While the stream is open, on the same client (and connection): another route answers.
        HttpResponse<String> json = client.send(HttpRequest.newBuilder(uri("/json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, json.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, json.version());
        boolean ticked = false;
        for (int i = 0; i < 20 && !ticked && lines.hasNext(); i++) {
            ticked = lines.next().equals("event: tick");
        }
        assertTrue(ticked, "a tick event arrived");
        events.body().close();
    }
}
