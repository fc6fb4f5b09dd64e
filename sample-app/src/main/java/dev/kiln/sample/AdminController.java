package dev.kiln.sample;

import dev.kiln.Context;
import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.Use;
import dev.kiln.sample.middleware.AccessLog;
import dev.kiln.sample.middleware.BearerToken;
import dev.kiln.sample.middleware.RequestId;

/** An admin group: every route behind a request id, an access log and a bearer token. */
@Controller("/admin")
@Use({RequestId.class, AccessLog.class, BearerToken.class})
public final class AdminController {

    /** The matched route and its chain, read from the constants the generated code provides. */
    @Get("/route")
    public void route(Context ctx) {
        ctx.json(Json.object("route", ctx.route().method() + " " + ctx.route().path()
                + " via " + String.join(" -> ", ctx.route().middleware())));
    }

    @Get("/health")
    public void health(Context ctx) {
        ctx.json(Json.object("status", "ok"));
    }
}
