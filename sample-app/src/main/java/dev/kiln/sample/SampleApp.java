package dev.kiln.sample;

import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.StaticFiles;
import dev.kiln.annotation.Use;
import dev.kiln.health.Health;
import dev.kiln.metrics.prometheus.PrometheusMetrics;
import dev.kiln.middleware.AccessLog;
import dev.kiln.middleware.Cors;
import dev.kiln.middleware.Recovery;
import dev.kiln.sample.middleware.BearerToken;
import dev.kiln.sample.todo.TodoController;
import dev.kiln.sample.todo.TodoStore;
import dev.kiln.compression.Compression;
import dev.kiln.server.Kiln;
import dev.kiln.server.KilnServer;
import dev.kiln.server.RunningServer;
import dev.kiln.server.ServerStartException;
import dev.kiln.server.Settings;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The sample service: {@code java -jar sample-app/target/sample-app.jar [--port N] [--no-pool] [--no-metrics]}.
 *
 * <p>Every server setting comes from the environment too ({@link Settings}: {@code KILN_DRAIN_DELAY=5s},
 * {@code KILN_SHUTDOWN_TIMEOUT=20s}, {@code -Dkiln.max-body-size=1MiB}, a file named by {@code KILN_CONFIG}); a bad
 * value stops it with one line naming the value and the form expected. The port comes from {@code --port N}, else
 * those ({@code -Dkiln.port}, {@code KILN_PORT}, the file), else the {@code PORT} variable, else 8080.
 * {@code --no-pool} turns context pooling off, to measure what the pool saves; {@code --no-metrics} leaves out the
 * Prometheus metrics at {@code /metrics}, to measure what they cost. Liveness and readiness are at
 * {@code /health/live} and {@code /health/ready}. The service's routes are the
 * contract the black-box tests and the benchmarks use; {@code SampleAppRoutes} is generated from them.
 * The admin token comes from {@code KILN_ADMIN_TOKEN} (default {@value #DEFAULT_ADMIN_TOKEN}); the origins whose
 * pages may use {@code /todos} from {@code KILN_CORS_ORIGINS}, separated by commas (default
 * {@value #DEFAULT_CORS_ORIGINS}, a Vite dev server). The {@code /admin} and {@code /todos} routes run the runtime's
 * {@link dev.kiln.middleware.RequestId} and {@link AccessLog}, whose lines go to the logger {@code dev.kiln.sample.access}.
 * {@code /assets} serves the page in {@code src/main/resources/static} (from the jar), or the directory
 * {@code KILN_ASSETS_DIR} names. With {@code KILN_TLS_CERT} and {@code KILN_TLS_KEY} naming a certificate and its
 * key ({@code sample-app/make-cert.sh} makes a self-signed one) it serves HTTPS, and {@code SIGHUP} reloads them.
 */
@KilnApplication
@StaticFiles(path = "/assets", directory = "classpath:/static") // KILN_ASSETS_DIR serves another directory there
@Use({Recovery.class, Cors.class}) // Cors global, so that it sees the preflights of /todos; kept to /todos by paths()
public final class SampleApp {
    /** The admin token when {@code KILN_ADMIN_TOKEN} is not set: fine for a sample, not for production. */
    public static final String DEFAULT_ADMIN_TOKEN = "sample-admin-token";
    /** The origins allowed to use {@code /todos} when {@code KILN_CORS_ORIGINS} is not set. */
    public static final String DEFAULT_CORS_ORIGINS = "http://localhost:5173";
    /** The variables the sample reads itself, beside Kiln's settings: not reported as misspelt settings. */
    static final List<String> OWN_VARIABLES = List.of("KILN_ADMIN_TOKEN", "KILN_CORS_ORIGINS", "KILN_ASSETS_DIR");

    /**
     * The access log of every {@link #routes} made in this JVM: one writer thread however many are made (the tests
     * make many), closed when the service stops.
     */
    static final AccessLog ACCESS_LOG = AccessLog.builder().to(LoggerFactory.getLogger("dev.kiln.sample.access")).build();

    private SampleApp() {}

    public static void main(String[] args) throws InterruptedException {
        String token = System.getenv("KILN_ADMIN_TOKEN");
        String adminToken = token == null || token.isBlank() ? DEFAULT_ADMIN_TOKEN : token;
        String origins = System.getenv("KILN_CORS_ORIGINS");
        String corsOrigins = origins == null || origins.isBlank() ? DEFAULT_CORS_ORIGINS : origins;
        boolean noPool = java.util.Arrays.asList(args).contains("--no-pool"); // for benchmarks/load.sh --no-pool
        boolean metrics = !java.util.Arrays.asList(args).contains("--no-metrics"); // and for its --no-metrics
        String assets = System.getenv("KILN_ASSETS_DIR");
        SampleAppRoutes routes;
        try {
            routes = routes(adminToken, corsOrigins, assets == null || assets.isBlank() ? null : assets);
        } catch (IllegalArgumentException e) {
            // an origin Cors refuses, or an assets directory that is not there, and why
            System.err.println((e.getMessage().startsWith("static files") ? "KILN_ASSETS_DIR: " : "KILN_CORS_ORIGINS: ")
                    + e.getMessage());
            System.exit(1);
            return;
        }
        KilnServer configured;
        try {
            // PORT is the platforms' convention (Heroku, Cloud Run): a default the Kiln settings override; the flags
            // come last, since whoever typed them meant them.
            configured = server(routes, metrics).port(port(new String[0], System.getenv("PORT")))
                    .settings(Settings.fromEnvironment().allow(OWN_VARIABLES.toArray(new String[0])));
            Integer flag = portFlag(args);
            if (flag != null) configured.port(flag);
            if (noPool) configured.pooling(false);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage()); // each bad value, where it came from, and the form expected
            System.exit(1);
            return;
        }
        RunningServer server;
        try {
            server = configured.start();
        } catch (ServerStartException e) {
            System.err.println(e.getMessage()); // one line, naming the address and why; nothing was left running
            System.exit(1);
            return;
        }
        RunningServer running = server;
        if (running.tlsProvider() != null) reloadTlsOnSighup(running);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            ACCESS_LOG.close(); // after the last request: writes what is queued
        }, "kiln-shutdown"));
        server.awaitClose();
    }

    /**
     * Reloads the certificate and key files on {@code SIGHUP}, as nginx does ({@code kill -HUP <pid>} after a
     * renewal); the server also looks at them every {@code KILN_TLS_RELOAD_INTERVAL}. Files that cannot be used are
     * logged and the certificate served stays.
     */
    private static void reloadTlsOnSighup(RunningServer server) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
            try {
                server.reloadTls();
            } catch (IllegalStateException e) {
                LoggerFactory.getLogger(SampleApp.class).warn("SIGHUP: TLS not reloaded: {}", e.getMessage());
            }
        });
    }

    /** Starts the sample service on {@code port} (0 for an ephemeral one), guarding /admin with {@code adminToken}. */
    public static RunningServer start(int port, String adminToken) {
        return server(routes(adminToken), true).port(port).start();
    }

    /**
     * The sample's server settings: its routes, gzip for the responses large enough to gain from it, HTTP/2 in
     * clear text beside HTTP/1.1 on its port ({@code KILN_H2C=false} turns it off), liveness and readiness, and
     * Prometheus metrics unless {@code metrics} is false.
     */
    static KilnServer server(SampleAppRoutes routes, boolean metrics) {
        KilnServer server = Kiln.server(routes)
                .compression(Compression.gzip())
                .h2c(true)
                .install(Health.at("/health/live", "/health/ready"));
        return metrics ? server.install(PrometheusMetrics.at("/metrics")) : server;
    }

    /** The generated routes with the default CORS origins. */
    public static SampleAppRoutes routes(String adminToken) {
        return routes(adminToken, DEFAULT_CORS_ORIGINS);
    }

    /**
     * The generated routes, with the instances Kiln cannot create: the token check, the access log, the store, and
     * the CORS configuration, which lets pages of {@code corsOrigins} (comma-separated) use the todo list.
     */
    public static SampleAppRoutes routes(String adminToken, String corsOrigins) {
        return routes(adminToken, corsOrigins, null);
    }

    /** {@link #routes(String, String)}, with {@code /assets} served from {@code assetsDirectory} unless it is null. */
    static SampleAppRoutes routes(String adminToken, String corsOrigins, String assetsDirectory) {
        SampleAppRoutes.Builder builder = SampleAppRoutes.builder();
        if (assetsDirectory != null) builder.staticFiles("/assets", assetsDirectory);
        return builder
                .with(new BearerToken(adminToken))
                .with(ACCESS_LOG)
                .with(new TodoController(new TodoStore()))
                .with(Cors.builder()
                        .allowOrigins(corsOrigins.trim().split("\\s*,\\s*"))
                        .allowMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                        .allowHeaders("Content-Type", "Prefer", "X-Request-Id")
                        .exposeHeaders("Location", "X-Request-Id")
                        .maxAge(Duration.ofMinutes(10))
                        .paths("/todos")
                        .build())
                .build();
    }

    /** The port of {@code --port N} or {@code --port=N}, else that of {@code PORT} ({@code env}), else 8080. */
    static int port(String[] args, String env) {
        Integer flag = portFlag(args);
        if (flag != null) return flag;
        if (env != null && !env.isBlank()) return parsePort(env.trim(), "PORT");
        return 8080;
    }

    /** The port of {@code --port N} or {@code --port=N}; null without one. */
    private static Integer portFlag(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) return parsePort(args[i + 1], "--port");
            if (args[i].startsWith("--port=")) return parsePort(args[i].substring("--port=".length()), "--port");
        }
        return null;
    }

    private static int parsePort(String value, String source) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a port number from 0 to 65535, not '" + value + "'");
    }
}
