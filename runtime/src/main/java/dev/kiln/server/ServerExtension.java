package dev.kiln.server;

/**
 * A capability that sets itself up on a server: health endpoints, metrics, tracing. {@link KilnServer#install}
 * calls it once; it registers what it needs there ({@link KilnServer#endpoint endpoints},
 * {@link KilnServer#observe observers}, {@link KilnServer#scopes scopes}) and may keep {@link KilnServer#stats()}
 * to read later.
 *
 * <pre>{@code
 * Kiln.server(routes)
 *     .install(Health.at("/health/live", "/health/ready").check("database", Duration.ofSeconds(2), db::ping))
 *     .install(PrometheusMetrics.at("/metrics"))
 *     .start();
 * }</pre>
 */
@FunctionalInterface
public interface ServerExtension {
    /** Registers this capability's endpoints and observers on {@code server}. */
    void install(KilnServer server);
}
