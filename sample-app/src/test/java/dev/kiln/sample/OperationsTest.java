package dev.kiln.sample;

import static dev.kiln.sample.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.RunningServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an orchestrator and Prometheus see of the sample app: its health endpoints and its metrics. */
@Timeout(30)
class OperationsTest {
    private RunningServer server;

    @BeforeEach
    void start() {
        server = SampleApp.start(0, "s3cret");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthIsAnsweredAheadOfTheTokenCheckAndTheRoutes() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response live = c.send(get("/health/live")).read();
            assertEquals(200, live.status());
            assertEquals("{\"status\":\"UP\"}", live.body());
            RawClient.Response ready = c.send(get("/health/ready")).read();
            assertEquals(200, ready.status());
            assertEquals("{\"status\":\"UP\",\"checks\":[]}", ready.body());
        }
    }

    @Test
    void metricsCountTheRequestsByRouteTemplate() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            for (int id = 1; id <= 3; id++) assertEquals(200, c.send(get("/users/" + id)).read().status());
            assertEquals(401, c.send(get("/admin/health")).read().status());
            c.send(get("/health/ready")).read();
            RawClient.Response scrape = c.send(get("/metrics")).read();
            assertEquals(200, scrape.status());
            String s = scrape.body();
            assertEquals(3, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"200\"}"));
            assertEquals(1, sample(s, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/admin/health\",status=\"401\"}"));
            assertTrue(!s.contains("/health/ready") && !s.contains("/users/1"), "probes are not counted; raw paths are no labels");
            assertEquals(1, sample(s, "kiln_connections_open"));
        }
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), series + " is in the scrape");
        return Double.parseDouble(m.group(1));
    }
}
