package dev.kiln.pool;

import dev.kiln.Context;
import dev.kiln.RequestRejected;
import dev.kiln.RouteInfo;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Context} the server fills, runs and recycles: the public API lives in {@code Context}, the
 * life cycle here.
 *
 * <p>{@link #begin} takes a request, {@link #serve} routes it and runs its chain (the router itself calls the
 * first link; a {@code @Blocking} route is only entered, and a worker calls {@link #run}), and {@link #reset}
 * clears every field before the context goes back to its {@link ContextPool}.
 */
public final class PooledContext extends Context {
    /** A context for the routes of one application; its parameter buffer fits their longest route. */
    public PooledContext(Routes routes) {
        super(routes, new Starter(routes.maxParams()), new DefaultHttpHeaders());
        ((Starter) match).context = this;
    }

    /** The context's own {@link PathMatch}: the router that finds a route enters it here and runs its first link. */
    private static final class Starter extends PathMatch {
        PooledContext context;

        Starter(int maxParams) {
            super(maxParams, true);
        }

        @Override
        public Context start(int route) {
            PooledContext c = context;
            c.route(route);
            c.index = 0;
            return c;
        }
    }

    /**
     * Takes a request: its method bit, the raw target {@code uri} whose path is {@code uri[0, pathEnd)}, and
     * Netty's request for headers and body (null for none).
     */
    public void begin(int methodBit, String uri, int pathEnd, HttpRequest request) {
        generation = (generation + 1) | 1; // odd: serving; also when a caller begins twice without a reset
        this.route = -1; // serve() tells a route the router entered by this; so must a begin without a reset
        this.paramCount = 0;
        this.methodBit = methodBit;
        this.uri = uri;
        this.pathEnd = pathEnd;
        this.request = request;
    }

    /**
     * Routes the request begun and runs the matched route's chain. A generated router calls the first link
     * itself, from the branch of the tree that matched; this runs the links after it that no middleware ran
     * through {@code next()}. A {@link dev.kiln.annotation.Blocking} route is entered but not run: the caller
     * hands it to a worker, which calls {@link #run}. A bad request is answered as in {@link #next()}; any
     * other exception from the chain aborts it and reaches the caller.
     *
     * @return the route's index, or -1 when none matched; then {@link #allowedMethods()} says why
     */
    public int serve() throws Exception {
        int found;
        try {
            found = routes.match(methodBit, uri, pathEnd, match);
            if (found < 0) return -1;
            if (route == found) {
                index++; // the router entered the route and ran its first link
            } else if (route(found).blocking()) {
                return found; // entered only
            } else {
                index = 0; // a router that only matches (one written by hand): the chain runs from here
            }
            runLinks();
        } catch (RequestRejected rejected) {
            rejected.respond(this);
            return route;
        } catch (Throwable t) {
            index = ABORTED;
            throw t;
        }
        return found;
    }

    /** After {@link #serve} found no route: the methods of the routes whose path matched, as {@link dev.kiln.routing.Methods} bits. */
    public int allowedMethods() {
        return match.allowed;
    }

    /** Records the matched route, so that {@link #run} can drive its chain; returns its constants. */
    public RouteInfo route(int route) {
        RouteInfo info = routes.route(route);
        this.route = route;
        this.chainLength = info.chainLength();
        this.paramCount = info.paramCount();
        this.index = -1;
        return info;
    }

    /** Runs the matched route's chain from its first link; exceptions reach the caller once. */
    public void run() throws Exception {
        next();
    }

    /** The status the chain set, for the server writing the response. */
    public int responseStatus() {
        return status;
    }

    /** The headers the chain set, for the server writing the response. */
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
        return (generation & 1) == 0;
    }

    /** How many times the context began or ended a request: odd while it serves one. */
    public int generation() {
        return generation;
    }

    /**
     * Hands the context to {@code thread}, the only one that may use it from now on: the worker about to run a
     * {@code @Blocking} route, and the event loop again when the worker is done. The hand-over itself (an
     * executor's queue) makes the context's fields visible to the new owner.
     */
    public void bindTo(Thread thread) {
        this.owner = thread;
    }

    /** The thread that may use the context now. */
    public Thread owner() {
        return owner;
    }

    /**
     * Readies the response for an exception handler: status 500 and no body, so that what the chain had written
     * before it failed is not sent half-done. Headers set so far (a request id, say) stay.
     */
    public void resetForError() {
        status = 500;
        responseText = null;
        responseBytes = null;
        contentType = null;
    }

    /** The stage a handler deferred its answer to, or null when the chain answered when it returned. */
    public CompletionStage<?> deferred() {
        return deferred;
    }

    /**
     * Writes the deferred stage's result into the response, as the generated code told {@link #defer} to, and
     * forgets the stage: the context answers now.
     */
    @SuppressWarnings("unchecked")
    public void settle(Object value) throws Exception {
        ResultWriter<Object> writer = (ResultWriter<Object>) deferredWriter;
        deferred = null;
        deferredWriter = null;
        writer.write(this, value);
    }

    /** Forgets the deferred stage after it failed; the failure is answered like a thrown exception. */
    public void abandonDeferred() {
        deferred = null;
        deferredWriter = null;
    }

    /**
     * Clears every field, so that nothing of this request can be seen by the next; then marks the context
     * released. The routes, the parameter buffer and the header map are the context's own and are kept: the
     * header map emptied, the offsets left (only the next route's own are readable, see {@code param(int)}).
     */
    public void reset() {
        int served = route;
        methodBit = 0;
        uri = null;
        pathEnd = 0;
        request = null;
        requestBody = null;
        queryParams = null;
        match.allowed = 0; // the offsets stay: param(k) reads only the paramCount that the next route writes
        paramCount = 0;
        route = -1;
        index = -1;
        chainLength = 0;
        status = 200;
        if (!responseHeaders.isEmpty()) responseHeaders.clear();
        responseText = null;
        responseBytes = null;
        contentType = null;
        attributes = null;
        deferred = null;
        deferredWriter = null;
        lastRoute = served;
        generation = (generation + 1) & ~1; // even: released; unchanged for a context that never began
    }
}
