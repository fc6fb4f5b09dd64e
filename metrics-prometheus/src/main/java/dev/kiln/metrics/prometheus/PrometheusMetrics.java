package dev.kiln.metrics.prometheus;

import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * Prometheus metrics for a Kiln server, on the official Prometheus Java client ({@code prometheus-metrics-core}),
 * scraped at a path of the application's choosing:
 *
 * <pre>{@code
 * Kiln.server(routes).install(PrometheusMetrics.at("/metrics")).start();
 * }</pre>
 *
 * <p>Per request: {@code http_server_request_duration_seconds}, a histogram by {@code method}, {@code route} (the
 * template, such as {@code /users/:id}; empty when no route matched) and {@code status}, whose {@code _count} is the
 * request counter to take a rate of; {@code http_server_request_body_bytes_total} and
 * {@code http_server_response_body_bytes_total} by method and route; {@code http_server_active_requests}; and
 * {@code kiln_http_requests_abandoned_total} for requests whose connection closed before their response. Per server:
 * {@code kiln_connections_open}, the context pool ({@code kiln_context_pool_acquired_total}, {@code _created_total},
 * {@code _reused_total}, {@code kiln_context_pool_idle}), {@code kiln_blocking_active}, {@code kiln_blocking_queued}
 * and {@code kiln_event_loop_pending_tasks}.
 *
 * <p>Each route's series are resolved once and kept by route index, so the request path allocates nothing; see
 * BENCHMARKS.md for what the metrics cost per request. Health probes and scrapes are the server's own endpoints and
 * are not counted.
 */
public final class PrometheusMetrics implements ServerExtension {
    /** The duration buckets' upper bounds unless {@link #buckets} says otherwise: the client's defaults, 5 ms to 10 s. */
    static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    private final String path;
    private PrometheusRegistry registry;
    private double[] buckets = DEFAULT_BUCKETS;

    private PrometheusMetrics(String path) {
        this.path = Objects.requireNonNull(path, "path == null");
    }

    /** Metrics scraped at {@code path}, such as {@code /metrics}, from a registry of their own. */
    public static PrometheusMetrics at(String path) {
        return new PrometheusMetrics(path);
    }

    /**
     * The registry the metrics go to and the scrape reads. Default: a registry of their own, so that servers started
     * one after the other in one JVM (tests) do not register the same names twice; pass
     * {@code PrometheusRegistry.defaultRegistry} to scrape the application's own metrics, and the client's JVM
     * metrics, at the same path.
     */
    public PrometheusMetrics registry(PrometheusRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
        return this;
    }

    /**
     * The duration histogram's bucket upper bounds, in seconds, ascending; default the client's, 5 ms to 10 s.
     * Each bucket is one more series per route, method and status.
     */
    public PrometheusMetrics buckets(double... secondsAscending) {
        Objects.requireNonNull(secondsAscending, "buckets == null");
        if (secondsAscending.length == 0) throw new IllegalArgumentException("no buckets");
        for (int k = 0; k < secondsAscending.length; k++) {
            if (!(secondsAscending[k] > 0) || k > 0 && secondsAscending[k] <= secondsAscending[k - 1]) {
                throw new IllegalArgumentException("buckets must be positive and ascending: " + secondsAscending[k]
                        + " at " + k);
            }
        }
        this.buckets = secondsAscending.clone();
        return this;
    }

    @Override
    public void install(KilnServer server) {
        PrometheusRegistry registry = this.registry != null ? this.registry : new PrometheusRegistry();
        RequestMetrics requests = new RequestMetrics(buckets);
        registry.register(requests);
        server.observe(requests);
        ServerGauges.register(registry, server.stats());
        server.endpoint(path, new ScrapeEndpoint(registry));
    }
}
