package dev.kiln.sample;

import dev.kiln.Kiln;
import dev.kiln.annotation.KilnApplication;
import dev.kiln.server.RunningServer;

/**
 * The sample service: {@code java -jar sample-app/target/sample-app.jar [--port N]}.
 *
 * <p>The port comes from {@code --port N}, else the {@code PORT} variable, else 8080. Its routes are the
 * contract the black-box tests and the benchmarks use; {@code SampleAppRoutes} is generated from them.
 */
@KilnApplication
public final class SampleApp {
    private SampleApp() {}

    public static void main(String[] args) throws InterruptedException {
        RunningServer server = start(port(args, System.getenv("PORT")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kiln-shutdown"));
        server.awaitClose();
    }

    /** Starts the sample service on {@code port} (0 for an ephemeral one). */
    public static RunningServer start(int port) {
        return Kiln.server(SampleAppRoutes.builder().build()).port(port).start();
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
