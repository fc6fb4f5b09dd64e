package dev.kiln.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.server.ServerObserver;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The observer itself, without a server: what each event loop counts on its own adds up in a scrape, each duration
 * lands in its bucket, and the rows are made as routes, methods and statuses first occur.
 */
class RequestMetricsTest {
    private static final int GET = Methods.bit("GET");
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics metrics = new RequestMetrics(PrometheusMetrics.DEFAULT_BUCKETS);

    RequestMetricsTest() {
        registry.register(metrics);
        metrics.starting(List.of(route("GET", "/users/:id"), route("POST", "/users")), null);
    }

    @Test
    void whatEachThreadCountsAddsUpAndEachDurationLandsInItsBucket() throws Exception {
        Thread[] loops = new Thread[3];
        for (int t = 0; t < loops.length; t++) {
            loops[t] = new Thread(() -> {
                complete(0, GET, 200, TimeUnit.MILLISECONDS.toNanos(3));    // le 0.005
                complete(0, GET, 200, TimeUnit.MILLISECONDS.toNanos(30));   // le 0.05
                complete(0, GET, 200, TimeUnit.SECONDS.toNanos(20));        // only +Inf
            }, "loop-" + t);
            loops[t].start();
        }
        for (Thread t : loops) t.join();
        String s = scrape();
        String series = "http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/users/:id\",status=\"200\",le=\"%s\"}";
        assertEquals(3, sample(s, String.format(series, "0.005")));
        assertEquals(3, sample(s, String.format(series, "0.025")));
        assertEquals(6, sample(s, String.format(series, "0.05")));
        assertEquals(6, sample(s, String.format(series, "10.0")));
        assertEquals(9, sample(s, String.format(series, "+Inf")));
        assertEquals(9, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"200\"}"));
        assertEquals(3 * 20.033, sample(s, "http_server_request_duration_seconds_sum{method=\"GET\",route=\"/users/:id\",status=\"200\"}"), 1e-9);
        assertEquals(0, sample(s, "http_server_active_requests"));
    }

    @Test
    void aConnectionsObserverCountsIntoItsThreadsShardAndTheScrapeAddsThemUp() throws Exception {
        ServerObserver[] onLoop = new ServerObserver[2];
        Thread a = new Thread(() -> {
            onLoop[0] = metrics.forConnection();
            onLoop[0].requestStarted();
            onLoop[0].requestCompleted(0, GET, 200, 1000, 0, 7);
            ServerObserver again = metrics.forConnection(); // another connection of the same loop
            again.requestStarted();
            again.requestCompleted(0, GET, 200, 1000, 0, 7);
            onLoop[1] = again;
        });
        a.start();
        a.join();
        assertSame(onLoop[0], onLoop[1], "one set of counters per thread");
        complete(0, GET, 200, 1000); // this thread's own
        assertNotSame(onLoop[0], metrics.forConnection());
        String s = scrape();
        assertEquals(3, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"200\"}"));
        assertEquals(24, sample(s, "http_server_response_body_bytes_total{method=\"GET\",route=\"/users/:id\"}"));
    }

    @Test
    void aBoundaryDurationCountsInTheBucketItBounds() {
        complete(0, GET, 200, TimeUnit.MILLISECONDS.toNanos(5));
        complete(0, GET, 200, TimeUnit.MILLISECONDS.toNanos(5) + 1);
        String s = scrape();
        String series = "http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/users/:id\",status=\"200\",le=\"%s\"}";
        assertEquals(1, sample(s, String.format(series, "0.005")), "le means less than or equal");
        assertEquals(2, sample(s, String.format(series, "0.01")));
    }

    @Test
    void noRouteAStatusOutOfRangeAndAnAbandonedRequestAreCountedWhereTheySay() {
        complete(ServerObserver.NO_ROUTE, Methods.NONE, 400, 1000);
        complete(7, GET, 404, 1000); // an index the table does not have counts as no route
        complete(0, GET, 1000, 1000); // not an HTTP status: the server did not send one
        metrics.requestStarted();
        metrics.requestCompleted(1, Methods.bit("POST"), ServerObserver.NO_RESPONSE, 1000, 5, 0);
        metrics.requestStarted();
        String s = scrape();
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"_OTHER\",route=\"\",status=\"400\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"\",status=\"404\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"500\"}"));
        assertEquals(1, sample(s, "kiln_http_requests_abandoned_total{method=\"POST\",route=\"/users\"}"));
        assertFalse(s.contains("route=\"/users\",status="), "an abandoned request has no status to count a duration for");
        assertEquals(1, sample(s, "http_server_active_requests"), "one started and not completed");
    }

    @Test
    void aRouteTableThatGrowsAfterTheFirstRequestsKeepsTheirCounts() {
        complete(0, GET, 200, 1000);
        complete(ServerObserver.NO_ROUTE, GET, 404, 1000);
        metrics.starting(List.of(route("GET", "/users/:id"), route("POST", "/users"),
                route("GET", "/orders")), null);
        complete(2, GET, 200, 1000);
        complete(ServerObserver.NO_ROUTE, GET, 404, 1000);
        String s = scrape();
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"200\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/orders\",status=\"200\"}"));
        assertEquals(2, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"\",status=\"404\"}"));
    }

    private static RouteInfo route(String method, String path) {
        return new RouteInfo(method, path, "Handlers#any()", List.of(), List.of());
    }

    private void complete(int route, int method, int status, long nanos) {
        metrics.requestStarted();
        metrics.requestCompleted(route, method, status, nanos, 0, 10);
    }

    private String scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            String s = out.toString(StandardCharsets.UTF_8);
            assertTrue(s.contains("# TYPE http_server_request_duration_seconds histogram"), s);
            return s;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), series + " is in the scrape");
        return Double.parseDouble(m.group(1));
    }
}
