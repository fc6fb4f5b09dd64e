package dev.kiln.server;

import dev.kiln.Context;
import dev.kiln.Middleware;
import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written routes for runtime tests, standing in for what the processor generates: exact templates with
 * {@code :name} segments and a last {@code *name}, a global middleware chain, and handlers as lambdas. Public for the tests of
 * {@code dev.kiln.middleware}.
 */
public final class TestRoutes extends Routes {
    private final List<Route> table;
    private final List<Middleware> middleware;

    private record Route(int bit, String[] segments, Middleware handler) {}

    private TestRoutes(List<RouteInfo> infos, List<Route> table, List<Middleware> middleware) {
        super(infos);
        this.table = table;
        this.middleware = middleware;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<RouteInfo> infos = new ArrayList<>();
        private final List<Route> table = new ArrayList<>();
        private final List<Middleware> middleware = new ArrayList<>();
        private final List<String> middlewareNames = new ArrayList<>();

        /** A middleware run before every route's handler, in the order added. */
        public Builder use(String name, Middleware mw) {
            middleware.add(mw);
            middlewareNames.add(name);
            return this;
        }

        public Builder get(String path, Middleware handler) {
            return route("GET", path, false, handler);
        }

        public Builder post(String path, Middleware handler) {
            return route("POST", path, false, handler);
        }

        public Builder blocking(String method, String path, Middleware handler) {
            return route(method, path, true, handler);
        }

        /** A {@code @Blocking} route that takes its body as it arrives, up to {@code maxBodySize} bytes. */
        public Builder streaming(String method, String path, long maxBodySize, Middleware handler) {
            route(method, path, true, handler);
            infos.set(infos.size() - 1, infos.get(infos.size() - 1).withBody(maxBodySize, true));
            return this;
        }

        /** A route whose gathered body has a limit of its own. */
        public Builder limited(String method, String path, long maxBodySize, Middleware handler) {
            route(method, path, false, handler);
            infos.set(infos.size() - 1, infos.get(infos.size() - 1).withBody(maxBodySize, false));
            return this;
        }

        public Builder route(String method, String path, boolean blocking, Middleware handler) {
            List<String> params = new ArrayList<>();
            String[] segments = path.substring(1).split("/", -1);
            for (String s : segments) if (s.startsWith(":") || s.startsWith("*")) params.add(s.substring(1));
            infos.add(new RouteInfo(method, path, "Test#" + method.toLowerCase() + path.replaceAll("[^a-z]", "_") + "()",
                    params, middlewareNames, blocking));
            table.add(new Route(Methods.bit(method), segments, handler));
            return this;
        }

        public TestRoutes build() {
            return new TestRoutes(infos, List.copyOf(table), List.copyOf(middleware));
        }
    }

    @Override
    public int match(int method, String path, int end, PathMatch match) {
        String[] parts = path.substring(1, end).split("/", -1);
        for (int id = 0; id < table.size(); id++) {
            Route r = table.get(id);
            boolean rest = r.segments[r.segments.length - 1].startsWith("*"); // a catch-all: the rest, even ""
            if (rest ? parts.length < r.segments.length : r.segments.length != parts.length) continue;
            int offset = 1;
            int param = 0;
            boolean ok = true;
            for (int k = 0; k < parts.length && ok; k++) {
                if (rest && k == r.segments.length - 1) {
                    match.offsets[2 * param] = offset - 1; // as Gin's: from the slash before it to the end
                    match.offsets[2 * param + 1] = end;
                    param++;
                    break;
                }
                if (r.segments[k].startsWith(":")) {
                    match.offsets[2 * param] = offset;
                    match.offsets[2 * param + 1] = offset + parts[k].length();
                    param++;
                } else {
                    ok = r.segments[k].equals(parts[k]);
                }
                offset += parts[k].length() + 1;
            }
            if (!ok) continue;
            if (r.bit == method || method == Methods.HEAD && r.bit == Methods.GET) return id;
            match.allowed |= r.bit;
        }
        return -1;
    }

    @Override
    public void step(int route, int index, Context ctx) throws Exception {
        if (index < middleware.size()) {
            middleware.get(index).handle(ctx);
        } else {
            table.get(route).handler.handle(ctx);
        }
    }

    /** The middleware added with {@code use} are the application's global ones: they run for unmatched requests too. */
    @Override
    public int globalMiddlewareCount() {
        return middleware.size();
    }

    @Override
    public void stepGlobal(int index, Context ctx) throws Exception {
        middleware.get(index).handle(ctx);
    }

    @Override
    public int maxParams() {
        return 4;
    }
}
