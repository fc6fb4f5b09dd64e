package dev.kiln.server;

/**
 * {@link KilnServer#start()} failed: the port is taken or not allowed, a setting cannot be applied, the transport
 * cannot be loaded, the TLS certificate or key cannot be used. Everything the attempt started (event loops, listeners, the blocking executor) has been
 * released when this is thrown, so the process can exit or try again. The message is one line that names the
 * address and says why; the cause is the underlying failure.
 */
public final class ServerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerStartException(String host, int port, Throwable cause) {
        super("Kiln could not start on " + host + ":" + port + ": " + reason(cause), cause);
    }

    ServerStartException(String host, int port, String reason) {
        super("Kiln could not start on " + host + ":" + port + ": " + reason);
    }

    private static String reason(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Address already in use")) {
            return "the port is already in use (another process listens on it; stop it, or choose another port)";
        }
        if (message.contains("Permission denied")) {
            return "permission denied (ports below 1024 need privileges; choose a higher port)";
        }
        if (message.contains("Cannot assign requested address")) {
            return "no network interface has that address";
        }
        return cause.toString();
    }
}
