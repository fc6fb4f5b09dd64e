package dev.kiln.server;

import dev.kiln.Problem;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The server's answer to a request no route matched, in Gin's order: a redirect when the path with its trailing
 * slash toggled has a route for the method (301 for {@code GET} and {@code HEAD}, 308 otherwise, so that the method
 * and body are kept); else, when the path has routes for other methods, 405 with {@code Allow} (RFC 9110 §15.5.6),
 * or 204 with {@code Allow} for {@code OPTIONS}; else 404.
 *
 * <p>The answer is the last link of the chain such a request gets: the application's global middleware run first
 * and see it after their {@code next()} (a CORS middleware adds its headers to the 204 of a preflight, say), and
 * one of them may answer instead and abort. The answer goes into the context, so headers the middleware set stay.
 * Also the server-wide {@code OPTIONS *}, which is answered before any routing. Needs no socket to test.
 */
final class UnmatchedAnswer {
    private UnmatchedAnswer() {}

    /** Writes the answer for the request {@code ctx} began, whose path matched no route for its method. */
    static void answer(PooledContext ctx) {
        Routes routes = ctx.routes();
        int bit = ctx.methodBit();
        String uri = ctx.uri();
        int end = ctx.pathEnd();
        int allowed = ctx.allowedMethods();
        String other = trailingSlashTwin(routes, uri, end, bit);
        if (other != null) {
            boolean safe = bit == Methods.GET || bit == Methods.HEAD;
            ctx.status(safe ? 301 : 308).header("Location", other + uri.substring(end));
        } else if (allowed != 0 && bit == Methods.OPTIONS) {
            ctx.status(204).header("Allow", Methods.allow(allowed));
        } else if (allowed != 0) {
            String allow = Methods.allow(allowed);
            ctx.header("Allow", allow).problem(Problem.of(405, method(ctx) + " is not one of " + allow + " on "
                    + uri.substring(0, end)));
        } else {
            ctx.problem(Problem.of(404, "no route for " + method(ctx) + " " + uri.substring(0, end)));
        }
    }

    /** The request's method as sent: {@code TRACE} too, which has no bit of its own. */
    private static String method(PooledContext ctx) {
        return ctx.request() != null ? ctx.request().method().name() : Methods.name(ctx.methodBit());
    }

    /** The answer to {@code OPTIONS *} (RFC 9110 §9.3.7): every method some route has. */
    static FullHttpResponse serverWideOptions(Routes routes) {
        int all = 0; // worked out here, for this rare request, not per connection
        for (RouteInfo r : routes.routes()) all |= Methods.bit(r.method());
        return Responses.empty(204, Methods.allow(all));
    }

    /** The path with its trailing slash added or removed, when that form has a route for the method; else null. */
    static String trailingSlashTwin(Routes routes, String uri, int end, int bit) {
        PathMatch scratch = new PathMatch(routes.maxParams()); // only on the way to a 404 or 405
        if (end > 1 && uri.charAt(end - 1) == '/') {
            return routes.lookup(bit, uri, end - 1, scratch) >= 0 ? uri.substring(0, end - 1) : null;
        }
        String added = uri.substring(0, end) + '/';
        return routes.lookup(bit, added, added.length(), scratch) >= 0 ? added : null;
    }
}
