package dev.kiln.routing;

import dev.kiln.Context;
import java.util.List;

/**
 * An application's router and middleware chains, as the annotation processor generated them.
 *
 * <p>For a {@code @KilnApplication} class {@code ShopApp} the processor writes {@code ShopAppRoutes extends
 * Routes}; the server calls it once per request, first {@link #match} and then, through
 * {@link Context#next()}, {@link #step} for each link of the matched route's chain. Nothing here is built
 * at run time: the tree and the chains are code.
 */
public abstract class Routes {
    private final List<RouteInfo> routes;
    private final RouteInfo[] byIndex;

    /** @param routes every route, indexed as {@link #match} returns them */
    protected Routes(List<RouteInfo> routes) {
        this.routes = List.copyOf(routes);
        this.byIndex = this.routes.toArray(new RouteInfo[0]);
    }

    /**
     * Finds the route for a method bit and the raw path {@code path[0, end)}, writing the parameters'
     * offsets into {@code match}. Allocates nothing.
     *
     * @return the route's index in {@link #routes()}, or -1 when none matches; then {@code match.allowed}
     *     holds the methods of every route whose path matched (empty: the path is unknown)
     */
    public abstract int match(int method, String path, int end, PathMatch match);

    /** Runs link {@code index} of route {@code route}'s chain: a middleware, or the handler as the last link. */
    public abstract void step(int route, int index, Context ctx) throws Exception;

    /** Every route, indexed as {@link #match} returns them, in source order. */
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
