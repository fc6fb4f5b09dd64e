package dev.kiln.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.KilnServer;
import dev.kiln.test.KilnTest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PrometheusMetrics}: what a scrape shows after known traffic, labelled by route template, and that
 * Prometheus' own {@code promtool} accepts it.
 */
class PrometheusMetricsTest {
    /** GET /users/:id, POST /users, GET /fail: matched by hand, as the processor's router would. */
    static final class UserRoutes extends Routes {
        UserRoutes() {
            super(List.of(new RouteInfo("GET", "/users/:id", "Users#get(long)", List.of("id"), List.of()),
                    new RouteInfo("POST", "/users", "Users#create(User)", List.of(), List.of()),
                    new RouteInfo("GET", "/fail", "Users#fail()", List.of(), List.of())));
        }

        @Override
        public int match(int method, String path, int end, PathMatch match) {
            String p = path.substring(0, end);
            boolean get = method == Methods.GET || method == Methods.HEAD;
            if (p.startsWith("/users/") && p.length() > 7) {
                if (get) return 0;
                match.allowed |= Methods.GET;
            } else if (p.equals("/users")) {
                if (method == Methods.POST) return 1;
                match.allowed |= Methods.POST;
            } else if (p.equals("/fail")) {
                if (get) return 2;
                match.allowed |= Methods.GET;
            }
            return -1;
        }

        @Override
        public void step(int route, int index, Context ctx) {
            switch (route) {
                case 0 -> ctx.json("{\"id\":" + ctx.path().substring(7) + "}");
                case 1 -> ctx.status(201).json(ctx.bodyText());
                default -> throw new IllegalStateException("failed on purpose");
            }
        }

        @Override
        public int maxParams() {
            return 1;
        }
    }

    private KilnTest app;

    @BeforeEach
    void start() {
        app = KilnTest.of(new KilnServer(new UserRoutes())
                .install(PrometheusMetrics.at("/metrics").registry(new PrometheusRegistry())));
    }

    private String scrape() {
        KilnTest.Response r = app.get("/metrics");
        assertEquals(200, r.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
        return r.text();
    }

    /** The value of the one sample of {@code series} (its name and labels as written), or fails. */
    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), series + " is in the scrape");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void requestsAreCountedByMethodRouteTemplateAndStatus() {
        assertEquals(200, app.get("/users/1").status());
        assertEquals(200, app.get("/users/2").status());
        assertEquals(200, app.head("/users/3").status());
        assertEquals(201, app.post("/users", "{\"name\":\"ada\"}").status());
        assertEquals(404, app.get("/nowhere/7").status());
        assertEquals(405, app.delete("/users").status());
        assertEquals(500, app.get("/fail").status());
        String s = scrape();

        String get200 = "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"200\"}";
        assertEquals(2, sample(s, get200));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"HEAD\",route=\"/users/:id\",status=\"200\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"POST\",route=\"/users\",status=\"201\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"\",status=\"404\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"DELETE\",route=\"\",status=\"405\"}"));
        assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/fail\",status=\"500\"}"));
        assertEquals(2, sample(s, "http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/users/:id\",status=\"200\",le=\"+Inf\"}"));
        assertTrue(sample(s, "http_server_request_duration_seconds_sum{method=\"GET\",route=\"/users/:id\",status=\"200\"}") > 0);

        assertEquals(14, sample(s, "http_server_request_body_bytes_total{method=\"POST\",route=\"/users\"}"));
        assertEquals(14, sample(s, "http_server_response_body_bytes_total{method=\"POST\",route=\"/users\"}"));
        assertEquals(16, sample(s, "http_server_response_body_bytes_total{method=\"GET\",route=\"/users/:id\"}"),
                "{\"id\":1} and {\"id\":2}; HEAD sends none");
        assertEquals(0, sample(s, "http_server_active_requests"));
        assertFalse(s.contains("/users/1") || s.contains("/nowhere"), "raw paths never become label values");
        assertFalse(s.contains("/metrics"), "the scrape itself is not counted");
    }

    @Test
    void theServersOwnFiguresAreThere() {
        for (int k = 0; k < 3; k++) app.get("/users/" + k);
        String s = scrape();
        assertEquals(4, sample(s, "kiln_context_pool_acquired_total"), "one per request, this scrape's included");
        assertEquals(4, sample(s, "kiln_context_pool_created_total") + sample(s, "kiln_context_pool_reused_total"));
        for (String gauge : List.of("kiln_connections_open", "kiln_context_pool_idle", "kiln_blocking_active",
                "kiln_blocking_queued", "kiln_event_loop_pending_tasks")) {
            assertTrue(sample(s, gauge) >= 0, gauge);
        }
    }

    @Test
    void openMetricsIsServedToAScraperThatAsksForIt() {
        app.get("/users/1");
        KilnTest.Response r = app.call("GET", "/metrics")
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5").send();
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.header("Content-Type"));
        assertTrue(r.text().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
    }

    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        app.get("/users/1");
        app.post("/users", "{}");
        app.get("/nowhere");
        String promtool = findPromtool();
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape().getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "promtool check metrics: " + said);
    }

    /**
     * Debian's {@code prometheus} package installs it; when it is missing the test runs {@code .ci/install-package}
     * (root and apt only), as {@code .ci/run} does up front.
     */
    private static String findPromtool() throws IOException, InterruptedException {
        String found = onPath("promtool");
        if (found != null) return found;
        Path script = Paths.get("..", ".ci", "install-package");
        if (Files.isExecutable(script)) {
            System.out.println("PrometheusMetricsTest: no promtool on the PATH; running " + script + " prometheus");
            Process install = new ProcessBuilder(script.toString(), "prometheus", "/usr/bin/promtool").inheritIO().start();
            if (!install.waitFor(5, TimeUnit.MINUTES)) install.destroyForcibly();
        }
        found = onPath("promtool");
        if (found != null) return found;
        throw new IOException("promtool is not on the PATH: install Debian's prometheus package (apt-get install"
                + " prometheus), as .ci/run does");
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, command);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    @Test
    void badBucketsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusMetrics.at("/m").buckets());
        assertEquals("buckets must be positive and ascending: 0.1 at 1",
                assertThrows(IllegalArgumentException.class, () -> PrometheusMetrics.at("/m").buckets(0.5, 0.1)).getMessage());
    }
}
