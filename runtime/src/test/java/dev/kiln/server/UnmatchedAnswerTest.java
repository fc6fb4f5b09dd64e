package dev.kiln.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.routing.Methods;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The answer to a request no route matched, in Gin's order: trailing-slash redirect, 405/204 with Allow, 404. */
class UnmatchedAnswerTest {
    private final TestRoutes routes = TestRoutes.builder()
            .get("/users/:id", ctx -> { })
            .post("/users/:id", ctx -> { })
            .post("/forms/", ctx -> { })
            .get("/docs/", ctx -> { })
            .build();

    /** The answer's status, Location, Allow and body, as one line; the response is released. */
    private static String describe(FullHttpResponse response) {
        try {
            return response.status().code() + " location=" + response.headers().get("Location") + " allow="
                    + response.headers().get("Allow") + " body=" + response.content().toString(StandardCharsets.UTF_8).trim();
        } finally {
            response.release();
        }
    }

    private String answer(int bit, String uri, int allowed) {
        return describe(UnmatchedAnswer.answer(routes, bit, uri, RequestTarget.pathEnd(uri), allowed));
    }

    @Test
    void aPathThatDiffersByATrailingSlashIsRedirectedKeepingTheQuery() {
        assertEquals("301 location=/docs/?v=2 allow=null body=", answer(Methods.GET, "/docs?v=2", 0));
        assertEquals("301 location=/users/7 allow=null body=", answer(Methods.HEAD, "/users/7/", 0));
        assertEquals("308 location=/forms/ allow=null body=", answer(Methods.POST, "/forms", 0),
                "308 keeps the method and body of a POST");
    }

    @Test
    void aPathWithRoutesForOtherMethodsGets405WithAllow() {
        assertEquals("405 location=null allow=GET, HEAD, POST, OPTIONS body=Method Not Allowed",
                answer(Methods.DELETE, "/users/7", Methods.GET | Methods.POST));
    }

    @Test
    void optionsOnAKnownPathGets204WithAllow() {
        assertEquals("204 location=null allow=GET, HEAD, POST, OPTIONS body=",
                answer(Methods.OPTIONS, "/users/7", Methods.GET | Methods.POST));
    }

    @Test
    void anUnknownPathGets404() {
        assertEquals("404 location=null allow=null body=Not Found", answer(Methods.GET, "/nowhere", 0));
    }

    @Test
    void theRedirectGoesOnlyWhereTheMethodHasARoute() {
        assertNull(UnmatchedAnswer.trailingSlashTwin(routes, "/docs", 5, Methods.POST), "/docs/ is GET only");
        assertEquals("/docs/", UnmatchedAnswer.trailingSlashTwin(routes, "/docs", 5, Methods.GET));
        assertNull(UnmatchedAnswer.trailingSlashTwin(routes, "/", 1, Methods.GET), "the root has no twin");
    }

    @Test
    void optionsStarListsEveryMethodSomeRouteHas() {
        assertEquals("204 location=null allow=GET, HEAD, POST, OPTIONS body=",
                describe(UnmatchedAnswer.serverWideOptions(routes)));
    }
}
