package dev.kiln;

/**
 * A write to a {@link ResponseStream} that no longer reaches its client: the client went away, the server closed the
 * connection (its shutdown timeout passed), or the writing thread was interrupted while it waited for the client.
 * The work producing the stream should stop.
 */
public final class StreamClosedException extends RuntimeException {
    public StreamClosedException(String message) {
        super(message);
    }
}
