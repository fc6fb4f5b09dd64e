package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.routing.Methods;
import io.netty.handler.codec.http.FullHttpResponse;
import org.junit.jupiter.api.Test;

/** The answer to a request no route matched, in Gin's order: trailing-slash redirect, 405/204 with Allow, 404. */
class UnmatchedAnswerTest {
    private final TestRoutes routes = TestRoutes.builder()
            .get("/users/:id", ctx -> { })
            .post("/users/:id", ctx -> { })
            .post("/forms/", ctx -> { })
            .get("/docs/", ctx -> { })
            .build();

    /** The answer written into a context for {@code method} on {@code uri}: status, Location, Allow and body. */
    private String answer(int method, String uri) throws Exception {
        PooledContext ctx = new PooledContext(routes);
        ctx.begin(method, uri, RequestTarget.pathEnd(uri), null);
        assertEquals(-1, ctx.serve(), "no route for " + uri);
        try {
            return ctx.responseStatus() + " location=" + ctx.responseHeader("Location") + " allow="
                    + ctx.responseHeader("Allow") + " body=" + (ctx.responseBytes() == null ? ""
                    : new String(ctx.responseBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            ctx.reset();
        }
    }

    @Test
    void aPathThatDiffersByATrailingSlashIsRedirectedKeepingTheQuery() throws Exception {
        assertEquals("301 location=/docs/?v=2 allow=null body=", answer(Methods.GET, "/docs?v=2"));
        assertEquals("301 location=/users/7 allow=null body=", answer(Methods.HEAD, "/users/7/"));
        assertEquals("308 location=/forms/ allow=null body=", answer(Methods.POST, "/forms"),
                "308 keeps the method and body of a POST");
    }

    @Test
    void aPathWithRoutesForOtherMethodsGets405WithAllow() throws Exception {
        assertEquals("405 location=null allow=GET, HEAD, POST, OPTIONS body={\"type\":\"about:blank\",\"title\":"
                + "\"Method Not Allowed\",\"status\":405,\"detail\":\"DELETE is not one of GET, HEAD, POST, OPTIONS on"
                + " /users/7\"}", answer(Methods.DELETE, "/users/7"));
    }

    @Test
    void optionsOnAKnownPathGets204WithAllow() throws Exception {
        assertEquals("204 location=null allow=GET, HEAD, POST, OPTIONS body=", answer(Methods.OPTIONS, "/users/7"));
    }

    @Test
    void anUnknownPathGets404() throws Exception {
        assertEquals("404 location=null allow=null body={\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no route for GET /nowhere\"}", answer(Methods.GET, "/nowhere"));
    }

    @Test
    void theRedirectGoesOnlyWhereTheMethodHasARoute() {
        assertNull(UnmatchedAnswer.trailingSlashTwin(routes, "/docs", 5, Methods.POST), "/docs/ is GET only");
        assertEquals("/docs/", UnmatchedAnswer.trailingSlashTwin(routes, "/docs", 5, Methods.GET));
        assertNull(UnmatchedAnswer.trailingSlashTwin(routes, "/", 1, Methods.GET), "the root has no twin");
    }

    @Test
    void optionsStarListsEveryMethodSomeRouteHas() {
        FullHttpResponse r = UnmatchedAnswer.serverWideOptions(routes);
        try {
            assertEquals(204, r.status().code());
            assertEquals("GET, HEAD, POST, OPTIONS", r.headers().get("Allow"));
            assertEquals(0, r.content().readableBytes());
        } finally {
            r.release();
        }
    }
}
