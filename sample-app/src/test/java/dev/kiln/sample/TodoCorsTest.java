package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.test.KilnTest;
import org.junit.jupiter.api.Test;

/**
 * The sample's todo list is usable from the pages of its CORS origins ({@code KILN_CORS_ORIGINS}, default
 * {@value SampleApp#DEFAULT_CORS_ORIGINS}), and only the todo list: preflights of its writes are approved by the
 * routes {@code /todos} has, the answers expose {@code Location} and {@code X-Request-Id}, and the other routes carry
 * no CORS headers.
 */
class TodoCorsTest {
    private static final String PAGE = SampleApp.DEFAULT_CORS_ORIGINS;
    private final KilnTest app = KilnTest.of(SampleApp.routes("t"));

    private KilnTest.Response preflight(String path, String method, String headers) {
        return app.call("OPTIONS", path).header("Origin", PAGE).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).send();
    }

    @Test
    void aPageOfTheAllowedOriginCreatesAndReadsTodos() {
        KilnTest.Response pre = preflight("/todos", "POST", "content-type,prefer");
        assertEquals(204, pre.status());
        assertEquals(PAGE, pre.header("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST", pre.header("Access-Control-Allow-Methods"), "what /todos routes");
        assertEquals("content-type, prefer, x-request-id", pre.header("Access-Control-Allow-Headers"));
        assertEquals("600", pre.header("Access-Control-Max-Age"));

        KilnTest.Response created = app.call("POST", "/todos").header("Origin", PAGE).json("{\"title\":\"cors\"}").send();
        assertEquals(201, created.status());
        assertEquals(PAGE, created.header("Access-Control-Allow-Origin"));
        assertEquals("Location, X-Request-Id", created.header("Access-Control-Expose-Headers"));
        assertEquals("Origin", created.header("Vary"));
    }

    @Test
    void writesToOneTodoArePreflightedByItsRoutes() {
        assertEquals("GET, HEAD, PUT, DELETE", preflight("/todos/1", "PUT", "content-type").header("Access-Control-Allow-Methods"));
        assertEquals(PAGE, preflight("/todos/1", "DELETE", "").header("Access-Control-Allow-Origin"));
        assertNull(preflight("/todos/1", "PATCH", "content-type").header("Access-Control-Allow-Origin"), "not allowed, not routed");
    }

    @Test
    void otherOriginsAndOtherPathsGetNoCorsHeaders() {
        assertNull(app.call("GET", "/todos").header("Origin", "https://elsewhere.example").send()
                .header("Access-Control-Allow-Origin"));
        KilnTest.Response plaintext = app.call("GET", "/plaintext").header("Origin", PAGE).send();
        assertEquals("Hello, World!", plaintext.text());
        assertNull(plaintext.header("Access-Control-Allow-Origin"), "Cors is kept to /todos");
        assertNull(plaintext.header("Vary"));
        assertNull(app.get("/todos").header("Vary"), "a request without Origin is left alone");
    }

    @Test
    void theOriginsComeFromTheEnvironmentsCommaSeparatedList() {
        KilnTest two = KilnTest.of(SampleApp.routes("t", " https://a.example, https://b.example "));
        for (String origin : new String[] {"https://a.example", "https://b.example"}) {
            assertEquals(origin, two.call("GET", "/todos").header("Origin", origin).send().header("Access-Control-Allow-Origin"));
        }
        assertNull(two.call("GET", "/todos").header("Origin", PAGE).send().header("Access-Control-Allow-Origin"));
    }
}
