package dev.kiln.server;

import dev.kiln.RouteInfo;
import java.util.List;

/**
 * Told about every request a server answers, for metrics and tracing: registered with
 * {@link KilnServer#observe(ServerObserver)}. A server with no observer takes no clock reading and makes none of
 * these calls.
 *
 * <p>The calls come on the event loop that serves the connection, once per request and in request order, and must
 * not block. They say which route answered by its index in the route table handed to {@link #starting}, so that an
 * observer can resolve what it keeps per route once, there, and look it up by index on the hot path: nothing in
 * these calls allocates, and they need not either.
 *
 * <p>Requests answered by a server endpoint ({@link KilnServer#endpoint}: health probes, metrics scrapes) are not
 * observed: they are not the application's traffic.
 */
public interface ServerObserver {
    /** What {@link #requestCompleted} says when no route answered: 404, 405, a malformed request, ... */
    int NO_ROUTE = -1;
    /** The status {@link #requestCompleted} says when the connection closed before the response could be written. */
    int NO_RESPONSE = 0;

    /**
     * The server is starting and will accept connections once this returns.
     *
     * @param routes the route table: the route of index {@code k} in {@link #requestCompleted} is {@code routes.get(k)}
     * @param stats  the server's live figures, to read at any time from any thread
     */
    default void starting(List<RouteInfo> routes, ServerStats stats) {}

    /**
     * The observer of one connection's requests: asked once, when the connection opens, on its event loop; every
     * {@link #requestStarted} and {@link #requestCompleted} of that connection then goes to what this returns, on
     * that same thread. An observer that counts per event loop returns its counters for the calling loop here, and
     * so finds them once per connection instead of once per request. Default: this observer.
     */
    default ServerObserver forConnection() {
        return this;
    }

    /** A request has been read and is about to be routed; {@link #requestCompleted} follows for each. */
    default void requestStarted() {}

    /**
     * A request has been answered: its response is written to the connection (or, with status
     * {@link #NO_RESPONSE}, the connection closed first).
     *
     * @param route    the index of the route that answered in {@link #starting}'s table, or {@link #NO_ROUTE}
     * @param method   the request's method as a {@link dev.kiln.routing.Methods} bit; {@code Methods.NONE} for a
     *                 method no route can have
     * @param status   the status the client got, such as 200
     * @param nanos    from the request's arrival at the handler to its response's write, in nanoseconds
     * @param bytesIn  the request body's length, as the application read it (decompressed)
     * @param bytesOut the response body's length, as sent (compressed, and 0 for {@code HEAD})
     */
    void requestCompleted(int route, int method, int status, long nanos, long bytesIn, long bytesOut);
}
