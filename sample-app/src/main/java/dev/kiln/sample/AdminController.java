package dev.kiln.sample;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Use;
import dev.kiln.middleware.AccessLog;
import dev.kiln.middleware.RequestId;
import dev.kiln.sample.middleware.BearerToken;
import io.avaje.jsonb.Json;

/** An admin group: every route behind a request id, an access log and a bearer token. */
@Controller("/admin")
@Use({RequestId.class, AccessLog.class, BearerToken.class})
public final class AdminController {

    /** The body of {@code /admin/route}. */
    @Json
    public record RouteView(String route) {}

    /** The body of {@code /admin/health}. */
    @Json
    public record Health(String status) {}

    /** The matched route and its chain, read from the constants the generated code provides. */
    @Get("/route")
    public RouteView route(Context ctx) {
        return new RouteView(ctx.route().method() + " " + ctx.route().path()
                + " via " + String.join(" -> ", ctx.route().middleware()));
    }

    @Get("/health")
    public Health health() {
        return new Health("ok");
    }
}
