package dev.kiln.metrics.prometheus;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.server.ServerObserver;
import dev.kiln.server.ServerStats;
import io.netty.util.concurrent.FastThreadLocal;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The request metrics: a duration histogram by method, route template and status, body bytes in and out, requests
 * in flight, and requests whose connection closed before their response.
 *
 * <p>Label values are bounded: the route is the template the processor generated ({@code /users/:id}, never the
 * raw path; {@code ""} when no route matched), the method is one a route can have or {@code _OTHER}, and the status
 * is one of the 500 codes from 100 to 599.
 *
 * <p>The request path writes no shared memory. Each event loop counts into a {@link Shard} of its own, which the
 * server asks for once per connection ({@link #forConnection}, through Netty's {@link FastThreadLocal}, an index into
 * the thread's table) and then tells that connection's requests: per route, method and status, a row of plain
 * {@code long}s (the buckets, then the sum in nanoseconds), made the first time that combination occurs and written
 * only by its loop. A scrape adds the shards up. So a request costs array reads and a few increments, with no atomic
 * instruction and no allocation; the client library's own {@code Histogram}, whose every observation is several
 * atomic adds on counters all loops share, cost twice as much CPU per pipelined request (BENCHMARKS.md). A scrape
 * may see a row a few requests behind its loop, never a torn one: the longs are written and read as opaque.
 */
final class RequestMetrics implements ServerObserver, MultiCollector {
    /** The label of a method no route can have, as OpenTelemetry's conventions name it. */
    static final String OTHER_METHOD = "_OTHER";
    /** The route label of a request no route answered. */
    static final String NO_ROUTE_LABEL = "";

    private static final MetricMetadata DURATION = new MetricMetadata("http_server_request_duration_seconds",
            "Time from a request's arrival to its response's write, by method, route template and status", Unit.SECONDS);
    private static final MetricMetadata BYTES_IN = new MetricMetadata("http_server_request_body_bytes",
            "Request body bytes read, decompressed, by method and route template");
    private static final MetricMetadata BYTES_OUT = new MetricMetadata("http_server_response_body_bytes",
            "Response body bytes sent, compressed, by method and route template");
    private static final MetricMetadata ABANDONED = new MetricMetadata("kiln_http_requests_abandoned",
            "Requests whose connection closed before their response could be written");
    private static final MetricMetadata ACTIVE = new MetricMetadata("http_server_active_requests",
            "Requests read and not yet answered");

    /** The bucket upper bounds in seconds, as scraped, and in nanoseconds, as compared; then +Inf. */
    private final double[] upperBounds;
    private final long[] upperBoundsNanos;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<Shard> shard = new FastThreadLocal<>() {
        @Override
        protected Shard initialValue() {
            Shard s = new Shard(routeLabels.length);
            shards.add(s);
            return s;
        }
    };
    /** The route labels by route index, and last the label of no route. */
    private volatile String[] routeLabels = {NO_ROUTE_LABEL};

    RequestMetrics(double[] bucketsSeconds) {
        upperBounds = new double[bucketsSeconds.length + 1];
        upperBoundsNanos = new long[bucketsSeconds.length];
        for (int k = 0; k < bucketsSeconds.length; k++) {
            upperBounds[k] = bucketsSeconds[k];
            upperBoundsNanos[k] = (long) Math.floor(bucketsSeconds[k] * 1e9);
        }
        upperBounds[bucketsSeconds.length] = Double.POSITIVE_INFINITY;
    }

    @Override
    public void starting(List<RouteInfo> table, ServerStats stats) {
        String[] labels = new String[table.size() + 1];
        for (int k = 0; k < table.size(); k++) labels[k] = table.get(k).path();
        labels[table.size()] = NO_ROUTE_LABEL;
        routeLabels = labels;
    }

    /** The counters of the calling event loop: a connection's requests are counted there without a lookup. */
    @Override
    public ServerObserver forConnection() {
        return shard.get();
    }

    @Override
    public void requestStarted() {
        shard.get().requestStarted();
    }

    @Override
    public void requestCompleted(int route, int method, int status, long nanos, long in, long out) {
        shard.get().requestCompleted(route, method, status, nanos, in, out);
    }

    /** The route label of route index {@code route}; that of no route for {@link #NO_ROUTE} or one out of range. */
    String routeLabel(int route) {
        String[] labels = routeLabels;
        return labels[route >= 0 && route < labels.length - 1 ? route : labels.length - 1];
    }

    /** The method label of a {@link Methods} bit. */
    static String methodLabel(int bit) {
        return bit == Methods.NONE ? OTHER_METHOD : Methods.name(bit);
    }

    /** The index of a method bit in a route's row of methods: one per method a route can have, then the rest. */
    static int methodIndex(int bit) {
        return bit == Methods.NONE ? Rows.METHODS - 1 : Math.min(Integer.numberOfTrailingZeros(bit), Rows.METHODS - 1);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(DURATION.getPrometheusName(), BYTES_IN.getPrometheusName(), BYTES_OUT.getPrometheusName(),
                ABANDONED.getPrometheusName(), ACTIVE.getPrometheusName());
    }

    /** Adds the shards up: one data point per method, route and status (per method and route for the bytes). */
    @Override
    public MetricSnapshots collect() {
        int buckets = upperBoundsNanos.length + 1;
        Map<Labels, long[]> durations = new LinkedHashMap<>();
        Map<Labels, long[]> perRoute = new LinkedHashMap<>();
        long started = 0;
        long completed = 0;
        for (Shard s : shards) {
            started += Rows.get(s.active, 0);
            completed += Rows.get(s.active, 1);
            s.forEachRow((route, method, row) -> {
                Labels routeLabels = Labels.of("method", row.method, "route", route);
                long[] sums = perRoute.computeIfAbsent(routeLabels, l -> new long[Rows.COUNTERS]);
                for (int k = 0; k < Rows.COUNTERS; k++) sums[k] += Rows.get(row.counts, k);
                for (int status = 0; status < Rows.STATUSES; status++) {
                    long[] counts = row.byStatus.getAcquire(status);
                    if (counts == null) continue;
                    Labels labels = Labels.of("method", row.method, "route", route,
                            "status", Integer.toString(Rows.MIN_STATUS + status));
                    long[] total = durations.computeIfAbsent(labels, l -> new long[buckets + 1]);
                    for (int k = 0; k <= buckets; k++) total[k] += Rows.get(counts, k);
                }
            });
        }
        List<HistogramDataPointSnapshot> duration = new ArrayList<>();
        durations.forEach((labels, total) -> duration.add(new HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(upperBounds, Arrays.copyOf(total, buckets)),
                total[buckets] / 1e9, labels, Exemplars.EMPTY, 0)));
        List<CounterDataPointSnapshot> in = new ArrayList<>();
        List<CounterDataPointSnapshot> out = new ArrayList<>();
        List<CounterDataPointSnapshot> abandoned = new ArrayList<>();
        perRoute.forEach((labels, sums) -> {
            in.add(new CounterDataPointSnapshot(sums[Rows.BYTES_IN], labels, null, 0));
            out.add(new CounterDataPointSnapshot(sums[Rows.BYTES_OUT], labels, null, 0));
            if (sums[Rows.ABANDONED] > 0) {
                abandoned.add(new CounterDataPointSnapshot(sums[Rows.ABANDONED], labels, null, 0));
            }
        });
        // a request that completes between the reads of started and completed counts as completed only: clamp
        long active = Math.max(0, started - completed);
        return MetricSnapshots.of(
                new HistogramSnapshot(DURATION, duration),
                new CounterSnapshot(BYTES_IN, in),
                new CounterSnapshot(BYTES_OUT, out),
                new CounterSnapshot(ABANDONED, abandoned),
                new GaugeSnapshot(ACTIVE, List.of(new GaugeDataPointSnapshot(active, Labels.EMPTY, null))));
    }

    /**
     * One event loop's counts: per route, its methods' rows; and requests started and completed. The observer of the
     * connections of that loop ({@link #forConnection}), so it is only ever called on that loop.
     */
    final class Shard implements ServerObserver {
        /** Requests started (0) and completed (1) on this loop. */
        final long[] active = new long[2];
        /** By route index, then no route last; grown when the route table grows. */
        private volatile Rows.RouteRow[] routes;

        Shard(int routes) {
            this.routes = new Rows.RouteRow[routes];
        }

        @Override
        public void requestStarted() {
            Rows.add(active, 0, 1);
        }

        @Override
        public void requestCompleted(int route, int method, int status, long nanos, long in, long out) {
            Rows.add(active, 1, 1);
            Rows.MethodRow m = row(route, method);
            if (status == NO_RESPONSE) {
                Rows.add(m.counts, Rows.ABANDONED, 1);
                return;
            }
            if (in > 0) Rows.add(m.counts, Rows.BYTES_IN, in);
            if (out > 0) Rows.add(m.counts, Rows.BYTES_OUT, out);
            long[] bounds = upperBoundsNanos;
            long[] row = m.status(status, bounds.length + 2);
            int bucket = 0;
            while (bucket < bounds.length && nanos > bounds[bucket]) bucket++;
            Rows.add(row, bucket, 1);
            Rows.add(row, bounds.length + 1, nanos);
        }

        /** The row of {@code route} and {@code method}, made on first use. */
        Rows.MethodRow row(int route, int method) {
            Rows.RouteRow[] all = routes;
            int k = route >= 0 ? route : Integer.MAX_VALUE;
            if (k >= all.length - 1) {
                String[] labels = routeLabels;
                if (labels.length != all.length) all = grow(labels.length);
                k = route >= 0 && route < all.length - 1 ? route : all.length - 1;
            }
            Rows.RouteRow r = all[k];
            if (r == null) {
                r = new Rows.RouteRow(routeLabel(k == all.length - 1 ? NO_ROUTE : k));
                all[k] = r;
                routes = all; // publishes the new row to scrapes
            }
            return r.method(method);
        }

        private Rows.RouteRow[] grow(int size) {
            Rows.RouteRow[] old = routes;
            Rows.RouteRow[] grown = new Rows.RouteRow[Math.max(size, old.length)];
            // the old last slot is no route; it stays the last
            System.arraycopy(old, 0, grown, 0, old.length - 1);
            grown[grown.length - 1] = old[old.length - 1];
            routes = grown;
            return grown;
        }

        void forEachRow(Rows.RowVisitor visitor) {
            for (Rows.RouteRow r : routes) {
                if (r == null) continue;
                for (int m = 0; m < Rows.METHODS; m++) {
                    Rows.MethodRow row = r.byMethod.getAcquire(m);
                    if (row != null) visitor.visit(r.label, m, row);
                }
            }
        }
    }
}
