package dev.kiln.processor;

import static dev.kiln.processor.CompiledApp.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.Routes;
import dev.kiln.server.ContextDriver;
import dev.kiln.server.KilnServer;
import dev.kiln.test.KilnTest;
import org.junit.jupiter.api.Test;

/**
 * The generated router runs a matched route's first link itself, from the branch of the tree that found it
 * ({@code RouterEmitter}): what that link throws must reach the caller as it did through {@code Context.next()},
 * and a plain lookup must run nothing.
 */
class RouterDispatchTest {
    private static final CompiledApp APP = CompiledApp.compile(
            source("app.App",
                    "package app;",
                    "import dev.kiln.annotation.KilnApplication;",
                    "@KilnApplication public final class App {}"),
            source("app.Guard",
                    "package app;",
                    "import dev.kiln.Context;",
                    "import dev.kiln.Middleware;",
                    "public final class Guard implements Middleware {",
                    "    public static int runs;",
                    "    public void handle(Context ctx) throws Exception {",
                    "        runs++;",
                    "        ctx.header(\"X-Guard\", \"ran\");",
                    "        ctx.next();",
                    "    }",
                    "}"),
            source("app.Api",
                    "package app;",
                    "import dev.kiln.annotation.*;",
                    "@Controller public final class Api {",
                    "    @Get(\"/boom/:id\") public String boom(@PathParam long id) { throw new IllegalArgumentException(\"no \" + id); }",
                    "    @Get(\"/guarded/:id\") @Use(Guard.class) public String guarded(@PathParam long id) {",
                    "        if (id == 0) throw new IllegalStateException(\"inner\");",
                    "        return \"ok \" + id;",
                    "    }",
                    "}"));

    private static KilnTest client() {
        KilnServer server = new KilnServer(APP.routes("app.AppRoutes"))
                .onException(IllegalArgumentException.class, (e, ctx) -> ctx.status(422).text(e.getMessage()))
                .onException(IllegalStateException.class, (e, ctx) -> ctx.status(409).text(e.getMessage()));
        return KilnTest.of(server);
    }

    @Test
    void anExceptionFromAHandlerTheRouterRanReachesTheExceptionHandlers() {
        KilnTest.Response r = client().get("/boom/7");
        assertEquals(422, r.status());
        assertEquals("no 7", r.text());
    }

    @Test
    void anExceptionThroughAMiddlewareTheRouterRanReachesTheExceptionHandlers() {
        KilnTest.Response r = client().get("/guarded/0");
        assertEquals(409, r.status());
        assertEquals("inner", r.text());
        KilnTest.Response ok = client().get("/guarded/5");
        assertEquals("ok 5", ok.text());
        assertEquals("ran", ok.header("X-Guard"));
    }

    @Test
    void aBadParameterInTheFirstLinkIsABadRequest() {
        KilnTest.Response r = client().get("/boom/x");
        assertEquals(400, r.status(), "binding rejects the request before the handler runs: " + r.text());
    }

    @Test
    void aLookupRunsNothingAndServingRunsTheChainOnce() throws Exception {
        Routes routes = APP.routes("app.AppRoutes");
        Class<?> guard = APP.load("app.Guard");
        int before = guard.getField("runs").getInt(null);
        PathMatch plain = new PathMatch(routes.maxParams());
        int route = routes.lookup(Methods.GET, "/guarded/5", 10, plain);
        assertEquals("/guarded/:id", routes.routes().get(route).path());
        assertEquals(before, guard.getField("runs").getInt(null), "a lookup runs no link");

        ContextDriver ctx = new ContextDriver(routes);
        assertEquals(route, ctx.serve(Methods.GET, "/guarded/5"));
        assertEquals(before + 1, guard.getField("runs").getInt(null), "the middleware ran once");
        assertEquals("ok 5", String.valueOf(ctx.responseText()), "and the handler after it");
        assertEquals("5", ctx.context().param(0));
        ctx.reset();

        assertEquals(-1, ctx.serve(Methods.GET, "/nowhere"));
        assertNull(ctx.context().route());
        assertThrows(IndexOutOfBoundsException.class, () -> ctx.context().param(0), "no route, no parameters");
        ctx.reset();
    }
}
