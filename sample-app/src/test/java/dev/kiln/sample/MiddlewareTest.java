package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Problem;
import dev.kiln.test.KilnTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample app's middleware, through the whole pipeline in memory. */
class MiddlewareTest {
    private final KilnTest app = KilnTest.of(SampleApp.routes("s3cret"));

    @Test
    void adminWithoutTokenIs401AndTheHandlerDoesNotRun() {
        KilnTest.Response r = app.get("/admin/health");
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"kiln-sample\"", r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"unauthorized\"}", r.text());
    }

    @Test
    void adminWithAWrongTokenIs401() {
        KilnTest.Response r = app.request("GET", "/admin/health", Map.of("Authorization", "Bearer s3cre"), null);
        assertEquals(401, r.status());
    }

    @Test
    void adminWithTheTokenRuns() {
        KilnTest.Response r = app.request("GET", "/admin/health", Map.of("Authorization", "Bearer s3cret"), null);
        assertEquals(200, r.status());
        assertEquals("{\"status\":\"ok\"}", r.text());
    }

    @Test
    void requestIdEchoesTheClientsOrMakesOne() {
        KilnTest.Response echoed = app.request("GET", "/admin/health", Map.of("X-Request-Id", "abc-123"), null);
        assertEquals("abc-123", echoed.header("X-Request-Id"));
        KilnTest.Response made = app.get("/admin/health");
        assertNotNull(made.header("X-Request-Id"));
        assertTrue(made.header("X-Request-Id").matches("[0-9a-f]{16}"), made.header("X-Request-Id"));
        KilnTest.Response insane = app.request("GET", "/admin/health", Map.of("X-Request-Id", "a b"), null);
        assertTrue(insane.header("X-Request-Id").matches("[0-9a-f]{16}"), insane.header("X-Request-Id"));
    }

    @Test
    void middlewareReadsTheMatchedRouteFromGeneratedConstants() {
        KilnTest.Response r = app.request("GET", "/admin/route", Map.of("Authorization", "Bearer s3cret"), null);
        assertEquals("{\"route\":\"GET /admin/route via Recovery -> Cors -> RequestId -> AccessLog -> BearerToken\"}", r.text());
    }

    @Test
    void recoveryTurnsAnExceptionIntoA500WithoutTheTrace() {
        KilnTest.Response r = app.get("/boom");
        assertEquals(500, r.status());
        assertEquals(Problem.of(500, null), r.problem(), "Recovery's answer: the server's own 500, no detail");
    }
}
