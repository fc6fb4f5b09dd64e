package dev.kiln;

import java.util.List;
import java.util.Objects;

/**
 * What the generated code knows about one route, as a constant: middleware can read the matched route
 * through {@link dev.kiln.Context#route()} without reflection.
 *
 * <p>A final class rather than a record so that the counts the request path reads are plain fields.
 */
public final class RouteInfo {
    /** The largest request body the server can gather into one buffer; a route taking more must stream it. */
    public static final int MAX_GATHERED_BODY = Integer.MAX_VALUE - 8;

    private final String method;
    private final String path;
    private final String handler;
    private final List<String> params;
    private final List<String> middleware;
    private final int paramCount;
    private final int chainLength;
    private final boolean blocking;
    private final long maxBodySize;
    private final boolean streamsBody;

    /**
     * @param method     the HTTP method, such as {@code "GET"}
     * @param path       the full path template, such as {@code "/api/v1/orders/:id"}
     * @param handler    the handler method as written in source, such as {@code "OrderController#get(long)"}
     * @param params     the path parameter names in template order
     * @param middleware the simple names of the middleware classes in chain order
     */
    public RouteInfo(String method, String path, String handler, List<String> params, List<String> middleware) {
        this(method, path, handler, params, middleware, false);
    }

    /**
     * A route that may run off the event loop.
     *
     * @param method     the HTTP method, such as {@code "GET"}
     * @param path       the full path template, such as {@code "/api/v1/orders/:id"}
     * @param handler    the handler method as written in source, such as {@code "OrderController#get(long)"}
     * @param params     the path parameter names in template order
     * @param middleware the simple names of the middleware classes in chain order
     * @param blocking   whether the chain runs off the event loop ({@link dev.kiln.annotation.Blocking})
     */
    public RouteInfo(String method, String path, String handler, List<String> params, List<String> middleware,
                     boolean blocking) {
        this.method = Objects.requireNonNull(method, "method == null");
        this.path = Objects.requireNonNull(path, "path == null");
        this.handler = Objects.requireNonNull(handler, "handler == null");
        this.params = List.copyOf(params);
        this.middleware = List.copyOf(middleware);
        this.paramCount = this.params.size();
        this.chainLength = this.middleware.size() + 1;
        this.blocking = blocking;
        this.maxBodySize = -1;
        this.streamsBody = false;
    }

    private RouteInfo(RouteInfo r, long maxBodySize, boolean streamsBody) {
        this.method = r.method;
        this.path = r.path;
        this.handler = r.handler;
        this.params = r.params;
        this.middleware = r.middleware;
        this.paramCount = r.paramCount;
        this.chainLength = r.chainLength;
        this.blocking = r.blocking;
        this.maxBodySize = maxBodySize;
        this.streamsBody = streamsBody;
    }

    /**
     * This route with a request body policy of its own: its size limit in bytes ({@link
     * dev.kiln.annotation.MaxBodySize}; -1 for the server's), and whether its handler takes the body as it arrives
     * ({@code @Body InputStream}) rather than gathered.
     */
    public RouteInfo withBody(long maxBodySize, boolean streamsBody) {
        if (maxBodySize < -1) throw new IllegalArgumentException("maxBodySize < -1: " + maxBodySize);
        return new RouteInfo(this, maxBodySize, streamsBody);
    }

    /** The HTTP method, such as {@code "GET"}. */
    public String method() {
        return method;
    }

    /** The full path template, such as {@code "/api/v1/orders/:id"}. */
    public String path() {
        return path;
    }

    /** The handler as written in source, such as {@code "OrderController#get(long)"}. */
    public String handler() {
        return handler;
    }

    /** The path parameter names in template order. */
    public List<String> params() {
        return params;
    }

    /** The simple names of the route's middleware classes, in chain order. */
    public List<String> middleware() {
        return middleware;
    }

    /** The number of path parameters. */
    public int paramCount() {
        return paramCount;
    }

    /** The number of links in this route's chain: its middleware and then the handler. */
    public int chainLength() {
        return chainLength;
    }

    /** Whether the route's chain runs off the event loop, as {@link dev.kiln.annotation.Blocking} asks. */
    public boolean blocking() {
        return blocking;
    }

    /** The route's own request body limit in bytes, or -1 when the server's applies. */
    public long maxBodySize() {
        return maxBodySize;
    }

    /** Whether the handler takes the request body as it arrives, rather than gathered before the chain runs. */
    public boolean streamsBody() {
        return streamsBody;
    }

    /** Whether the route has a body policy of its own: a limit, or a streamed body. */
    public boolean hasBodyPolicy() {
        return maxBodySize >= 0 || streamsBody;
    }

    /** The position of a path parameter, or -1 when the template has no parameter of that name. */
    public int paramIndex(String name) {
        return params.indexOf(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteInfo r && method.equals(r.method) && path.equals(r.path) && handler.equals(r.handler)
                && params.equals(r.params) && middleware.equals(r.middleware) && blocking == r.blocking
                && maxBodySize == r.maxBodySize && streamsBody == r.streamsBody;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, handler, params, middleware, blocking, maxBodySize, streamsBody);
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + handler + (blocking ? " (blocking)" : "");
    }
}
