package dev.kiln;

/**
 * The client went away while a stream was under way: a write to a {@link ResponseStream} no longer reaches it (the
 * client left, the server closed the connection when its shutdown timeout passed, or the writing thread was
 * interrupted while it waited for the client), or a streamed request body ({@code @Body InputStream}) ends before
 * its end, where it is the cause of the {@code IOException} the read throws. The work should stop; it is no failure
 * of the server, and Kiln logs a chain that ends with one at {@code DEBUG}, without a trace.
 */
public final class StreamClosedException extends RuntimeException {
    public StreamClosedException(String message) {
        super(message);
    }

    /** Whether {@code failure} is one, or has one among its causes: the client went away. */
    public static boolean isCauseOf(Throwable failure) {
        for (int depth = 0; failure != null && depth < 16; depth++, failure = failure.getCause()) {
            if (failure instanceof StreamClosedException) return true;
        }
        return false;
    }
}
