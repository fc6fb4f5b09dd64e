package dev.kiln.routing;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.json.JsonCodec;
import java.util.List;

/**
 * An application's router and middleware chains, as the annotation processor generated them.
 *
 * <p>For a {@code @KilnApplication} class {@code ShopApp} the processor writes {@code ShopAppRoutes extends
 * Routes}; the server calls {@link #match} once per request with the context's {@link PathMatch}, and the
 * branch of the tree that finds the route runs its first link; {@link #step} runs each later link, through
 * {@link Context#next()}. Nothing here is built at run time: the tree and the chains are code.
 */
public abstract class Routes {
    /**
     * The shape of generated code this runtime serves. Generated code passes the value of the runtime it was
     * compiled against (javac copies the constant into it), so a router compiled against another version of the
     * runtime is caught when it is built, not by an obscure error on a request. A processor of another version
     * than the runtime on the compile class path is not caught here: keep the two versions the same.
     */
    public static final int FORMAT = 3; // 3: global middleware run for requests no route matched (stepGlobal)

    private final List<RouteInfo> routes;
    private final RouteInfo[] byIndex;
    private final JsonCodec json;
    private final boolean bodyPolicies;

    /** @param routes every route, indexed as {@link #match} returns them */
    protected Routes(List<RouteInfo> routes) {
        this(routes, JsonCodec.avaje());
    }

    /**
     * @param routes every route, indexed as {@link #match} returns them
     * @param json   how bodies are read from and written to JSON
     */
    protected Routes(List<RouteInfo> routes, JsonCodec json) {
        this(routes, json, FORMAT);
    }

    /**
     * @param routes every route, indexed as {@link #match} returns them
     * @param json   how bodies are read from and written to JSON
     * @param format the {@link #FORMAT} the generated code was compiled against
     * @throws IllegalStateException when it is not this runtime's: the router is stale
     */
    protected Routes(List<RouteInfo> routes, JsonCodec json, int format) {
        if (format != FORMAT) {
            throw new IllegalStateException(getClass().getName() + " was generated for Kiln router format " + format
                    + ", but this runtime serves format " + FORMAT + ": it is stale. Rebuild it with the kiln-processor"
                    + " of the same version as kiln-runtime (mvn clean compile; in an IDE, rebuild the project).");
        }
        this.routes = List.copyOf(routes);
        this.byIndex = this.routes.toArray(new RouteInfo[0]);
        this.json = json;
        this.bodyPolicies = this.routes.stream().anyMatch(RouteInfo::hasBodyPolicy);
    }

    /**
     * Whether some route has a request body policy of its own ({@link RouteInfo#hasBodyPolicy()}): then the server
     * finds the route of a request with a body when its head arrives, to know how to read the body. Without any,
     * bodies are gathered under the server's limit, and nothing is looked up early.
     */
    public final boolean hasBodyPolicies() {
        return bodyPolicies;
    }

    /** Writes any value by its runtime type; made on first use (a benign race: every thread makes an equal one). */
    private JsonCodec.Adapter<Object> anyJson;

    /** The codec for JSON bodies and results. */
    public final JsonCodec json() {
        return json;
    }

    /** The adapter for values whose type is known only at run time, such as a {@code Response}'s body. */
    public final JsonCodec.Adapter<Object> anyJson() {
        JsonCodec.Adapter<Object> adapter = anyJson;
        if (adapter == null) {
            adapter = json.adapter(Object.class);
            anyJson = adapter;
        }
        return adapter;
    }

    /**
     * Finds the route for a method bit and the raw path {@code path[0, end)}, writing the parameters'
     * offsets into {@code match}. Allocates nothing. When {@code match} {@linkplain PathMatch#runs runs}
     * what it matches, the route's first link runs on its context before this returns (for every route but a
     * {@link dev.kiln.annotation.Blocking} one, which must not run on the calling thread).
     *
     * <p>A {@code Routes} written by hand may only match (write the offsets, return the index): the context
     * then runs the chain from its first link. One that delegates to a generated router must do so with
     * {@link #lookup} and a plain {@code PathMatch}, copying the offsets, or the generated router would run its
     * own chain's first link.
     *
     * @return the route's index in {@link #routes()}, or -1 when none matches; then {@code match.allowed}
     *     holds the methods of every route whose path matched (empty: the path is unknown)
     * @throws Exception what the route's first link threw; a plain {@code PathMatch} runs nothing
     */
    public abstract int match(int method, String path, int end, PathMatch match) throws Exception;

    /**
     * {@link #match} for a plain {@link PathMatch}, which only records what it found: nothing runs, so nothing
     * is thrown. For tools, tests and the server's own probes (the trailing-slash twin of a path, say).
     *
     * @throws IllegalArgumentException when {@code match} is a context's, which would run the route
     */
    public final int lookup(int method, String path, int end, PathMatch match) {
        if (match.runs) {
            throw new IllegalArgumentException("lookup takes a plain PathMatch; a context's runs the route it finds");
        }
        try {
            return match(method, path, end, match);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("a plain PathMatch runs nothing, so the router cannot throw " + e, e);
        }
    }

    /**
     * Runs link {@code index} of route {@code route}'s chain: a middleware, or the handler as the last link.
     * {@link #match} runs the first link itself when it serves a request; this runs the others, and all of a
     * {@link dev.kiln.annotation.Blocking} route's.
     */
    public abstract void step(int route, int index, Context ctx) throws Exception;

    /**
     * How many middleware the application's own {@code @Use} lists. They run for every request, matched or not:
     * for a request no route matched they are its whole chain, run through {@link #stepGlobal}, and then the
     * server answers it (404, 405 with {@code Allow}, {@code OPTIONS}, a trailing-slash redirect). 0 unless a
     * generated router says otherwise.
     */
    public int globalMiddlewareCount() {
        return 0;
    }

    /**
     * Runs global middleware {@code index} for a request no route matched ({@link Context#route()} is null);
     * {@link Context#next()} steps through them as through a route's chain.
     */
    public void stepGlobal(int index, Context ctx) throws Exception {
        throw new IndexOutOfBoundsException("no global middleware " + index);
    }

    /**
     * Every route, indexed as {@link #match} returns them: the processor lists them controller by controller
     * (ordered by qualified name), each controller's in declaration order.
     */
    public final List<RouteInfo> routes() {
        return routes;
    }

    /** The route {@link #match} returned as {@code index}; an array read, for the request path. */
    public final RouteInfo route(int index) {
        return byIndex[index];
    }

    /** The most path parameters any one route has. */
    public abstract int maxParams();
}
