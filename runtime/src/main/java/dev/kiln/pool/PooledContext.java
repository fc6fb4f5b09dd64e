package dev.kiln.pool;

import dev.kiln.Context;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.RouteInfo;
import dev.kiln.routing.Routes;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The {@link Context} the server fills, runs and recycles: the public API lives in {@code Context}, the
 * life cycle here.
 *
 * <p>{@link #begin} takes a request, {@link #route} records the router's answer, {@link #run} drives the
 * chain, and {@link #reset} clears every field before the context goes back to its {@link ContextPool}.
 */
public final class PooledContext extends Context {
    private static final byte[] EMPTY = new byte[0];

    public PooledContext(int maxParams) {
        super(new PathMatch(maxParams), new DefaultHttpHeaders());
    }

    /** Takes the parts of a request that handlers read; the path is {@code uri[pathStart, pathEnd)}. */
    public void begin(String method, String uri, int pathStart, int pathEnd, HttpHeaders headers, byte[] body) {
        this.released = false;
        this.method = method;
        this.uri = uri;
        this.pathStart = pathStart;
        this.pathEnd = pathEnd;
        this.requestHeaders = headers;
        this.requestBody = body == null ? EMPTY : body;
    }

    /** Where the router writes parameter offsets and allowed methods. */
    public PathMatch pathMatch() {
        return match;
    }

    /** Records the matched route, so that {@link #run} can drive its chain. */
    public void route(Routes routes, int route) {
        this.routes = routes;
        this.route = route;
        this.routeInfo = routes.route(route);
        this.chainLength = routeInfo.chainLength();
        this.index = -1;
    }

    /** Runs the matched route's chain from its first link; exceptions reach the caller once. */
    public void run() throws Exception {
        next();
    }

    public String requestUri() {
        return uri;
    }

    public int responseStatus() {
        return status;
    }

    public HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** The response body set as text, or null. */
    public CharSequence responseText() {
        return responseText;
    }

    /** The response body set as bytes, or null. */
    public byte[] responseBytes() {
        return responseBytes;
    }

    /** The content type of the body set, or null when none was set. */
    public String contentType() {
        return contentType;
    }

    /** Whether this context is in its pool, released from its last request. */
    public boolean isReleased() {
        return released;
    }

    /** Clears every field, so that nothing of this request can be seen by the next; then marks it released. */
    public void reset() {
        RouteInfo served = routeInfo;
        match.clear(served == null ? 0 : served.paramCount());
        method = null;
        uri = null;
        pathStart = 0;
        pathEnd = 0;
        requestHeaders = null;
        requestBody = null;
        queryParams = null;
        routes = null;
        route = -1;
        routeInfo = null;
        index = -1;
        chainLength = 0;
        status = 200;
        if (!responseHeaders.isEmpty()) responseHeaders.clear();
        responseText = null;
        responseBytes = null;
        contentType = null;
        attributes = null;
        lastRoute = served;
        released = true;
    }
}
