package dev.kiln.server;

import dev.kiln.Context;

/**
 * An answer the server gives itself at a fixed path, ahead of the routes and their middleware: a health probe, a
 * metrics scrape. Registered with {@link KilnServer#endpoint(String, Endpoint)}.
 *
 * <p>It answers {@code GET} and {@code HEAD} (other methods get 405) at exactly its path, whatever the query, on
 * the event loop: it must not block. Work that may block goes off the loop, and the endpoint answers with
 * {@link Context#defer}. There is no chain: {@link Context#next()} does nothing, and {@link Context#route()} is null.
 */
@FunctionalInterface
public interface Endpoint {
    /** Answers one request, as a handler does. */
    void handle(Context ctx) throws Exception;
}
