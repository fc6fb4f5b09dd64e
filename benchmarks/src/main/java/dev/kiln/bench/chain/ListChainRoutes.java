package dev.kiln.bench.chain;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.RouteInfo;
import dev.kiln.bench.chain.app.Noop1;
import dev.kiln.bench.chain.app.Noop10;
import dev.kiln.bench.chain.app.Noop2;
import dev.kiln.bench.chain.app.Noop3;
import dev.kiln.bench.chain.app.Noop4;
import dev.kiln.bench.chain.app.Noop5;
import dev.kiln.bench.chain.app.Noop6;
import dev.kiln.bench.chain.app.Noop7;
import dev.kiln.bench.chain.app.Noop8;
import dev.kiln.bench.chain.app.Noop9;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline for the chain benchmark: Gin's approach in Java. Each route keeps a {@code List<Middleware>}
 * (the handler last) that {@code step} walks at run time through the interface, as Gin walks its
 * {@code HandlersChain}. Routing is the generated app's, so only the chain differs.
 */
public final class ListChainRoutes extends Routes {
    private final Routes router;
    private final List<List<Middleware>> chains = new ArrayList<>();

    public ListChainRoutes(Routes router) {
        super(router.routes());
        this.router = router;
        Middleware[] all = {new Noop1(), new Noop2(), new Noop3(), new Noop4(), new Noop5(),
            new Noop6(), new Noop7(), new Noop8(), new Noop9(), new Noop10()};
        Middleware handler = ctx -> ctx.status(204);
        for (RouteInfo info : router.routes()) {
            List<Middleware> chain = new ArrayList<>(List.of(all).subList(0, info.middleware().size()));
            chain.add(handler);
            chains.add(List.copyOf(chain));
        }
    }

    /** Only matches, as a router written by hand does (the generated one would run its own chain's first link). */
    @Override
    public int match(int method, String path, int end, PathMatch match) {
        PathMatch found = new PathMatch(router.maxParams()); // allocates: the chain benchmark never routes here
        int route = router.lookup(method, path, end, found);
        System.arraycopy(found.offsets, 0, match.offsets, 0, found.offsets.length);
        match.allowed = found.allowed;
        return route;
    }

    @Override
    public void step(int route, int index, Context ctx) throws Exception {
        chains.get(route).get(index).handle(ctx);
    }

    @Override
    public int maxParams() {
        return router.maxParams();
    }
}
