package dev.kiln.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.StreamClosedException;
import dev.kiln.server.KilnServer;
import dev.kiln.server.RunningServer;
import dev.kiln.server.TestRoutes;
import dev.kiln.test.LeakRecorder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server-Sent Events as real clients read them: the JDK's {@code HttpClient} line by line, and {@code curl -N}.
 * The server's header timeout is short so that its connection timer, which sends heartbeats, ticks often.
 */
@Timeout(60)
class EventStreamTest {
    private final AtomicReference<EventStream> opened = new AtomicReference<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private RunningServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        TestRoutes routes = TestRoutes.builder()
                .get("/events", ctx -> {
                    EventStream events = EventStream.open(ctx);
                    events.retry(Duration.ofSeconds(3));
                    events.send(EventStream.Event.of("hello\nworld").named("greeting").withId("1"));
                    events.send("resumed after " + events.lastEventId());
                    events.comment("a comment");
                    events.close();
                })
                .get("/quiet", ctx -> {
                    EventStream events = EventStream.open(ctx).heartbeat(Duration.ofMillis(200));
                    events.onClose(closed::countDown);
                    opened.set(events);
                })
                .build();
        server = new KilnServer(routes).port(0).host("127.0.0.1").eventLoops(1)
                .headerTimeout(Duration.ofMillis(400)).shutdownTimeout(Duration.ofSeconds(20)).start();
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
    void eventsArriveAsTheEventStreamFormatSaysWithTheLastEventIdHandedToTheHandler() throws Exception {
        HttpResponse<Stream<String>> r = client.send(request("/events").header("Last-Event-ID", "41").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(List.of("retry: 3000", "", "event: greeting", "id: 1", "data: hello", "data: world", "",
                "data: resumed after 41", "", ":a comment", ""), r.body().toList());
    }

    @Test
    void curlReadsTheEventsAsTheyCome() throws Exception {
        Process curl = new ProcessBuilder("curl", "-sN", "--max-time", "10", url("/events"))
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), out);
        assertTrue(out.contains("event: greeting\nid: 1\ndata: hello\ndata: world\n\n"), out);
        assertTrue(out.contains("data: resumed after null\n\n"), "no Last-Event-ID on a first connection: " + out);
    }

    @Test
    void anIdleStreamIsKeptAliveByHeartbeatsAndEventsSentLaterFromAnotherThreadArrive() throws Exception {
        HttpResponse<InputStream> r = client.send(request("/quiet").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            assertEquals(":", lines.readLine(), "a heartbeat comes while nothing else does");
            assertEquals("", lines.readLine());
            assertEquals(":", lines.readLine(), "and another");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "not sooner than two intervals");
            opened.get().send("from elsewhere");
            String line;
            do {
                line = lines.readLine(); // heartbeats may come first
            } while (line.equals(":") || line.isEmpty());
            assertEquals("data: from elsewhere", line);
        }
    }

    @Test
    void aClientThatLeavesIsFoundAndTheHandlerIsTold() throws Exception {
        HttpResponse<InputStream> r = client.send(request("/quiet").build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().read();
        r.body().close(); // the client goes away
        assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose ran once a heartbeat found the connection gone");
        EventStream events = opened.get();
        assertFalse(events.isOpen());
        assertThrows(StreamClosedException.class, () -> events.send("too late"));
    }

    @Test
    void shutdownEndsOpenEventStreamsRatherThanWaitingForThem() throws Exception {
        HttpResponse<Stream<String>> r = client.send(request("/quiet").build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = r.body().iterator();
        assertEquals(":", lines.next());
        long start = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "not the 20-second shutdown timeout");
        lines.forEachRemaining(line -> { }); // and the stream ends: it was closed, not cut
        assertTrue(closed.await(5, TimeUnit.SECONDS));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}
