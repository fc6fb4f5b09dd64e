package dev.kiln.sample;

import dev.kiln.annotation.KilnApplication;
import dev.kiln.annotation.Use;
import dev.kiln.sample.middleware.BearerToken;
import dev.kiln.sample.middleware.Recovery;
import dev.kiln.sample.todo.TodoController;
import dev.kiln.sample.todo.TodoStore;
import dev.kiln.compression.Compression;
import dev.kiln.server.Kiln;
import dev.kiln.server.KilnServer;
import dev.kiln.server.RunningServer;
import dev.kiln.server.ServerStartException;

/**
 * The sample service: {@code java -jar sample-app/target/sample-app.jar [--port N] [--no-pool]}.
 *
 * <p>The port comes from {@code --port N}, else the {@code PORT} variable, else 8080. {@code --no-pool} turns
 * context pooling off, to measure what the pool saves. The service's routes are the
 * contract the black-box tests and the benchmarks use; {@code SampleAppRoutes} is generated from them.
 * The admin token comes from {@code KILN_ADMIN_TOKEN} (default {@value #DEFAULT_ADMIN_TOKEN}).
 */
@KilnApplication
@Use(Recovery.class)
public final class SampleApp {
    /** The admin token when {@code KILN_ADMIN_TOKEN} is not set: fine for a sample, not for production. */
    public static final String DEFAULT_ADMIN_TOKEN = "sample-admin-token";

    private SampleApp() {}

    public static void main(String[] args) throws InterruptedException {
        String token = System.getenv("KILN_ADMIN_TOKEN");
        String adminToken = token == null || token.isBlank() ? DEFAULT_ADMIN_TOKEN : token;
        boolean pooling = !java.util.Arrays.asList(args).contains("--no-pool"); // for benchmarks/load.sh --no-pool
        RunningServer server;
        try {
            server = server(adminToken).port(port(args, System.getenv("PORT"))).pooling(pooling).start();
        } catch (ServerStartException e) {
            System.err.println(e.getMessage()); // one line, naming the address and why; nothing was left running
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kiln-shutdown"));
        server.awaitClose();
    }

    /** Starts the sample service on {@code port} (0 for an ephemeral one), guarding /admin with {@code adminToken}. */
    public static RunningServer start(int port, String adminToken) {
        return server(adminToken).port(port).start();
    }

    /** The sample's server settings: its routes, and gzip for the responses large enough to gain from it. */
    static KilnServer server(String adminToken) {
        return Kiln.server(routes(adminToken)).compression(Compression.gzip());
    }

    /** The generated routes, with the one instance Kiln cannot create: the token check. */
    public static SampleAppRoutes routes(String adminToken) {
        return SampleAppRoutes.builder()
                .with(new BearerToken(adminToken))
                .with(new TodoController(new TodoStore()))
                .build();
    }

    static int port(String[] args, String env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) return parsePort(args[i + 1], "--port");
            if (args[i].startsWith("--port=")) return parsePort(args[i].substring("--port=".length()), "--port");
        }
        if (env != null && !env.isBlank()) return parsePort(env.trim(), "PORT");
        return 8080;
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
