package dev.kiln.fuzz;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.List;

/**
 * One hand-written route, {@code GET /read}, that writes back what the context decoded: the query parameter
 * {@code q} and the cookie {@code c}, each on a line ({@code -} when absent). What {@link QueryAndCookieFuzzTest}
 * routes to, so it sees {@code ctx.query} and {@code ctx.cookie} through the whole pipeline.
 */
final class ReadBackRoutes extends Routes {
    ReadBackRoutes() {
        super(List.of(new RouteInfo("GET", "/read", "ReadBackRoutes#read(Context)", List.of(), List.of())));
    }

    @Override
    public int match(int method, String path, int end, PathMatch match) {
        if (end == 5 && path.startsWith("/read")) {
            if (method == Methods.GET || method == Methods.HEAD) return 0;
            match.allowed |= Methods.GET;
        }
        return -1;
    }

    @Override
    public void step(int route, int index, Context ctx) {
        String q = ctx.query("q");
        String c = ctx.cookie("c");
        ctx.text((q == null ? "-" : "=" + q) + "\n" + (c == null ? "-" : "=" + c));
    }

    @Override
    public int maxParams() {
        return 0;
    }
}
