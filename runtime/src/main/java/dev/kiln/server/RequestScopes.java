package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A scope around each request the application's routes answer, made current on whatever thread runs its code: what
 * a tracer needs for a server span. Set with {@link KilnServer#scopes(RequestScopes)}, usually by an extension
 * ({@code kiln-opentelemetry}'s {@code OpenTelemetryTracing}). A server without one makes none of these calls.
 *
 * <p>The server {@link #open opens} a request's scope on the event loop once its context has begun, before
 * routing; {@link #enter enters} it around each stretch of the request's code, on the thread that runs it (the
 * event loop for routing, middleware, the handler and the response; the worker of a {@code @Blocking} route; the
 * event loop again when a handler's {@code CompletionStage} completes and its value is written or its failure
 * mapped); and {@link #close closes} it once, on the event loop, when the response has been written or the
 * connection closed first. Code that a handler hands to threads of its own runs outside the scope, unless it
 * carries the scope there itself.
 *
 * <p>Requests the server answers before routing (a malformed request, a bad target, {@code OPTIONS *}) and those
 * of its endpoints ({@link KilnServer#endpoint}) get no scope.
 *
 * <p>None of the methods may block; {@link #open} and {@link #close} run on the event loop. An exception from
 * {@link #open} is logged and the request goes on without a scope; one from {@link #close} is logged and the
 * response is still written.
 *
 * @param <S> the scope of one request, such as a tracer's context with its span
 */
public interface RequestScopes<S> {
    /**
     * A request is about to be routed: its scope, or null to leave it without one. {@code ctx} reads the method,
     * path, query and headers, and takes attributes; it has not entered its route yet ({@link Context#route()} is
     * null), but the route it will be routed to is given, so that a tracer's sampler can decide on it.
     *
     * @param ctx     the request's context, confined to the calling thread as in a handler
     * @param request Netty's request head: the target as received, the method as sent, the protocol version
     * @param route   the route the request matches, or null when none does (404, 405, a redirect, ...)
     */
    S open(Context ctx, HttpRequest request, RouteInfo route);

    /**
     * Makes {@code scope} current on the calling thread until {@link #exit} is given what this returns; nested and
     * repeated entries on one thread exit in the reverse order.
     */
    Object enter(S scope);

    /** Ends what {@link #enter} began on this thread: the scope current before it is current again. */
    void exit(Object entered);

    /**
     * The request has been answered: the response is written (or the connection closed first), on the event loop.
     * Called once per opened scope, from inside it.
     *
     * @param route   the route that answered, or null when none matched (404, 405, a redirect, ...)
     * @param status  the status the client got, or {@link ServerObserver#NO_RESPONSE} when the connection closed
     *                before the response could be written
     * @param failure what the chain threw that no exception handler answered (the client got a generic 500), or null
     */
    void close(S scope, RouteInfo route, int status, Throwable failure);
}
