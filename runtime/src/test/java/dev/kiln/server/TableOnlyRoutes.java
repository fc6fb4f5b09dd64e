package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.RouteInfo;
import dev.kiln.json.JsonCodec;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.List;

/** Routes that are only a table, for tests of what reads the table: nothing matches and no link runs. */
abstract class TableOnlyRoutes extends Routes {
    TableOnlyRoutes(List<RouteInfo> routes) {
        super(routes);
    }

    TableOnlyRoutes(List<RouteInfo> routes, JsonCodec json, int format) {
        super(routes, json, format);
    }

    @Override
    public int match(int method, String path, int end, PathMatch match) {
        return -1;
    }

    @Override
    public void step(int route, int index, Context ctx) {}

    @Override
    public int maxParams() {
        return 1;
    }
}
