package dev.kiln.metrics.prometheus;

import dev.kiln.server.ServerStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/**
 * The server's own figures, read from {@link ServerStats} when scraped: connections, the context pools, the
 * {@code @Blocking} executor and the event loops' queues. Nothing is counted on the request path for them.
 */
final class ServerGauges {
    private ServerGauges() {}

    static void register(PrometheusRegistry registry, ServerStats stats) {
        gauge(registry, "kiln_connections_open", "Connections open now", stats::openConnections);
        counter(registry, "kiln_context_pool_acquired", "Request contexts taken from the event loops' pools",
                stats::contextsAcquired);
        counter(registry, "kiln_context_pool_created", "Request contexts created because the pool had none free",
                stats::contextsCreated);
        counter(registry, "kiln_context_pool_reused", "Request contexts taken that were reused, not created",
                stats::contextsReused);
        gauge(registry, "kiln_context_pool_idle", "Idle request contexts the pools hold now", stats::contextsIdle);
        gauge(registry, "kiln_blocking_active", "@Blocking requests running now", stats::blockingActive);
        gauge(registry, "kiln_blocking_queued", "@Blocking requests waiting for a platform thread",
                stats::blockingQueued);
        gauge(registry, "kiln_event_loop_pending_tasks", "Tasks waiting in the event loops' queues",
                stats::eventLoopPendingTasks);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }
}
