package dev.kiln.metrics.prometheus;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.server.ServerObserver;
import dev.kiln.server.ServerStats;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request metrics: a duration histogram by method, route template and status, body bytes in and out, requests
 * in flight, and requests whose connection closed before their response.
 *
 * <p>Label values are bounded: the route is the template the processor generated ({@code /users/:id}, never the
 * raw path; {@code ""} when no route matched), the method is one a route can have or {@code _OTHER}, and the status
 * is one of the 500 codes from 100 to 599. The data point of each (route, method, status) is looked up in the client
 * once, the first time it occurs, and kept in arrays indexed by route, method bit and status: after that, a request
 * costs array reads and the client's lock-free adds, and allocates nothing.
 */
final class RequestMetrics implements ServerObserver {
    /** The label of a method no route can have, as OpenTelemetry's conventions name it. */
    static final String OTHER_METHOD = "_OTHER";
    /** The route label of a request no route answered. */
    static final String NO_ROUTE_LABEL = "";
    private static final int METHODS = 8; // the seven a route can have, and the rest
    private static final int MIN_STATUS = 100;
    private static final String[] STATUS = new String[500];

    static {
        for (int k = 0; k < STATUS.length; k++) STATUS[k] = Integer.toString(MIN_STATUS + k);
    }

    private final Histogram duration;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter abandoned;
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    /** Per route (and, last, per request with no route): its series by method, made when first used. */
    private volatile RouteSeries[] routes = new RouteSeries[] {new RouteSeries(NO_ROUTE_LABEL)};

    RequestMetrics(PrometheusRegistry registry, double[] bucketsSeconds) {
        duration = Histogram.builder()
                .name("http_server_request_duration_seconds")
                .help("Time from a request's arrival to its response's write, by method, route template and status")
                .unit(Unit.SECONDS)
                .labelNames("method", "route", "status")
                .classicOnly()
                .classicUpperBounds(bucketsSeconds)
                .withoutExemplars()
                .register(registry);
        bytesIn = Counter.builder()
                .name("http_server_request_body_bytes_total")
                .help("Request body bytes read, decompressed, by method and route template")
                .labelNames("method", "route")
                .withoutExemplars()
                .register(registry);
        bytesOut = Counter.builder()
                .name("http_server_response_body_bytes_total")
                .help("Response body bytes sent, compressed, by method and route template")
                .labelNames("method", "route")
                .withoutExemplars()
                .register(registry);
        abandoned = Counter.builder()
                .name("kiln_http_requests_abandoned_total")
                .help("Requests whose connection closed before their response could be written")
                .labelNames("method", "route")
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("http_server_active_requests")
                .help("Requests read and not yet answered")
                .callback(cb -> cb.call(completedLessThanStarted()))
                .register(registry);
    }

    private double completedLessThanStarted() {
        // completed first: a request that completes between the two reads is counted in neither or in both.
        long done = completed.sum();
        return Math.max(0, started.sum() - done);
    }

    @Override
    public void starting(List<RouteInfo> table, ServerStats stats) {
        RouteSeries[] series = new RouteSeries[table.size() + 1];
        for (int k = 0; k < table.size(); k++) series[k] = new RouteSeries(table.get(k).path());
        series[table.size()] = new RouteSeries(NO_ROUTE_LABEL);
        routes = series;
    }

    @Override
    public void requestStarted() {
        started.increment();
    }

    @Override
    public void requestCompleted(int route, int method, int status, long nanos, long in, long out) {
        completed.increment();
        RouteSeries[] all = routes;
        RouteSeries r = all[route >= 0 && route < all.length - 1 ? route : all.length - 1];
        MethodSeries m = r.of(method, this);
        if (status == NO_RESPONSE) {
            abandoned.labelValues(m.method, m.route).inc(); // rare: looked up each time, so as to add no idle series
            return;
        }
        m.status(status, this).observe(nanos / 1e9);
        if (in > 0) m.bytesIn.inc(in);
        if (out > 0) m.bytesOut.inc(out);
    }

    /** The method label of a {@link Methods} bit. */
    static String methodLabel(int bit) {
        return bit == Methods.NONE ? OTHER_METHOD : Methods.name(bit);
    }

    /** The series of one route (or of no route), by method. */
    private static final class RouteSeries {
        final String label;
        final AtomicReferenceArray<MethodSeries> byMethod = new AtomicReferenceArray<>(METHODS);

        RouteSeries(String label) {
            this.label = label;
        }

        MethodSeries of(int bit, RequestMetrics metrics) {
            int k = bit == Methods.NONE ? METHODS - 1 : Math.min(Integer.numberOfTrailingZeros(bit), METHODS - 1);
            MethodSeries m = byMethod.get(k);
            if (m == null) {
                // Two event loops may both make it; the client hands both the same data points, so either will do.
                m = new MethodSeries(methodLabel(bit), label, metrics);
                byMethod.set(k, m);
            }
            return m;
        }
    }

    /** The series of one route and method: body bytes, and a duration data point per status. */
    private static final class MethodSeries {
        final String method;
        final String route;
        final CounterDataPoint bytesIn;
        final CounterDataPoint bytesOut;
        final AtomicReferenceArray<DistributionDataPoint> byStatus = new AtomicReferenceArray<>(STATUS.length);

        MethodSeries(String method, String route, RequestMetrics metrics) {
            this.method = method;
            this.route = route;
            this.bytesIn = metrics.bytesIn.labelValues(method, route);
            this.bytesOut = metrics.bytesOut.labelValues(method, route);
        }

        DistributionDataPoint status(int status, RequestMetrics metrics) {
            int k = status - MIN_STATUS;
            if (k < 0 || k >= STATUS.length) k = 500 - MIN_STATUS; // not an HTTP status: the server did not send one
            DistributionDataPoint p = byStatus.get(k);
            if (p == null) {
                p = metrics.duration.labelValues(method, route, STATUS[k]);
                byStatus.set(k, p);
            }
            return p;
        }
    }
}
