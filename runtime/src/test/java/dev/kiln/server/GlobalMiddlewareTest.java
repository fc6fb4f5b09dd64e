package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.RouteInfo;
import dev.kiln.test.KilnTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application's global middleware run for every request, matched or not: for one no route matched they run
 * before the server's answer (404, 405, the automatic OPTIONS, a trailing-slash redirect), see no route, see the
 * answer's status after {@code next()}, and may answer instead.
 */
class GlobalMiddlewareTest {
    private final List<String> seen = new ArrayList<>();

    private KilnTest app() {
        return KilnTest.of(TestRoutes.builder()
                .use("Record", ctx -> {
                    RouteInfo route = ctx.route();
                    ctx.header("X-Seen", "yes");
                    ctx.next();
                    seen.add(ctx.method() + " " + ctx.path() + " " + (route == null ? "no route" : route.path()) + " "
                            + ctx.status());
                })
                .use("Cors", ctx -> {
                    if (ctx.method().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null) {
                        ctx.header("Access-Control-Allow-Origin", "https://app.example");
                        ctx.abortWithStatus(204); // a preflight, answered here for every path
                    }
                })
                .get("/users/:id", ctx -> ctx.text("user " + ctx.param("id")))
                .get("/docs/", ctx -> ctx.text("docs"))
                .build());
    }

    @Test
    void theyRunBeforeEachUnmatchedAnswerAndSeeItsStatus() {
        KilnTest app = app();
        KilnTest.Response notFound = app.get("/nowhere");
        assertEquals(404, notFound.status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route for GET /nowhere\"}",
                notFound.text());
        assertEquals("application/problem+json", notFound.header("Content-Type"));
        assertEquals("yes", notFound.header("X-Seen"), "headers the middleware set stay on the server's answer");
        KilnTest.Response notAllowed = app.delete("/users/7");
        assertEquals(405, notAllowed.status());
        assertEquals("GET, HEAD, OPTIONS", notAllowed.header("Allow"));
        assertEquals(204, app.call("OPTIONS", "/users/7").send().status());
        KilnTest.Response redirect = app.get("/docs");
        assertEquals(301, redirect.status());
        assertEquals("/docs/", redirect.header("Location"));
        assertEquals(200, app.get("/users/7").status());
        assertEquals(List.of("GET /nowhere no route 404", "DELETE /users/7 no route 405", "OPTIONS /users/7 no route 204",
                "GET /docs no route 301", "GET /users/7 /users/:id 200"), seen);
    }

    @Test
    void oneMayAnswerAPreflightForAnyPathInsteadOfTheServer() {
        KilnTest.Response r = app().request("OPTIONS", "/nowhere/at/all", Map.of("Origin", "https://app.example",
                "Access-Control-Request-Method", "PUT"), null);
        assertEquals(204, r.status());
        assertEquals("https://app.example", r.header("Access-Control-Allow-Origin"));
        assertNull(r.header("Allow"), "the server's own answer did not run");
        assertEquals(List.of("OPTIONS /nowhere/at/all no route 204"), seen);
    }

    @Test
    void anExceptionFromOneIsAnsweredLikeAnyChainsFailure() {
        KilnTest app = KilnTest.of(new KilnServer(TestRoutes.builder()
                .use("Boom", ctx -> {
                    throw new IllegalStateException("global failure");
                })
                .get("/ok", ctx -> ctx.text("ok"))
                .build())
                .onException(IllegalStateException.class, (e, ctx) -> ctx.status(503).text(e.getMessage())));
        KilnTest.Response r = app.get("/nowhere");
        assertEquals(503, r.status());
        assertEquals("global failure", r.text());
    }
}
