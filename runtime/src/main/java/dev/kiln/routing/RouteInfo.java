package dev.kiln.routing;

import java.util.List;

/**
 * What the generated code knows about one route, as a constant: middleware can read the matched route
 * through {@link dev.kiln.Context#route()} without reflection.
 *
 * @param method     the HTTP method, such as {@code "GET"}
 * @param path       the full path template, such as {@code "/api/v1/orders/:id"}
 * @param handler    the handler method as written in source, such as {@code "OrderController#get(long)"}
 * @param params     the path parameter names in template order
 * @param middleware the simple names of the middleware classes in chain order
 */
public record RouteInfo(String method, String path, String handler, List<String> params, List<String> middleware) {
    public RouteInfo {
        params = List.copyOf(params);
        middleware = List.copyOf(middleware);
    }

    /** The number of steps in this route's chain: its middleware and then the handler. */
    public int chainLength() {
        return middleware.size() + 1;
    }

    /** The position of a path parameter, or -1 when the template has no parameter of that name. */
    public int paramIndex(String name) {
        return params.indexOf(name);
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + handler;
    }
}
