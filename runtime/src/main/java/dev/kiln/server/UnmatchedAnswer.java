package dev.kiln.server;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The server's answer to a request no route matched, in Gin's order: a redirect when the path with its trailing
 * slash toggled has a route for the method (301 for {@code GET} and {@code HEAD}, 308 otherwise, so that the method
 * and body are kept); else, when the path has routes for other methods, 405 with {@code Allow} (RFC 9110 §15.5.6),
 * or 204 with {@code Allow} for {@code OPTIONS}; else 404. Also the server-wide {@code OPTIONS *}. Needs no socket
 * to test: it reads only the routes.
 */
final class UnmatchedAnswer {
    private UnmatchedAnswer() {}

    /**
     * The answer for method {@code bit} on {@code uri} (path {@code uri[0, end)}), whose path matched the routes of
     * the methods in {@code allowed} (as {@link Methods} bits; 0 when the path is unknown).
     */
    static FullHttpResponse answer(Routes routes, int bit, String uri, int end, int allowed) {
        String other = trailingSlashTwin(routes, uri, end, bit);
        if (other != null) {
            boolean safe = bit == Methods.GET || bit == Methods.HEAD;
            return Responses.redirect(safe ? 301 : 308, other + uri.substring(end));
        }
        if (allowed != 0) {
            return bit == Methods.OPTIONS
                    ? Responses.plain(204, Methods.allow(allowed), null)
                    : Responses.plain(405, Methods.allow(allowed), "Method Not Allowed");
        }
        return Responses.plain(404, null, "Not Found");
    }

    /** The answer to {@code OPTIONS *} (RFC 9110 §9.3.7): every method some route has. */
    static FullHttpResponse serverWideOptions(Routes routes) {
        int all = 0; // worked out here, for this rare request, not per connection
        for (RouteInfo r : routes.routes()) all |= Methods.bit(r.method());
        return Responses.plain(204, Methods.allow(all), null);
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
