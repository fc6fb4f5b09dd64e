package dev.kiln.server;

/**
 * Why a request was turned away before routing, with the status that says so; set as the request's decoder
 * failure so that the {@link RequestHandler} answers it in request order, like Netty's own parse failures.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    Rejection(int status, String message) {
        super(message, null, false, false); // a verdict, not a bug: no stack trace to fill
        this.status = status;
    }

    int status() {
        return status;
    }
}
