package dev.kiln.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.TestRoutes;
import dev.kiln.test.KilnTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RequestId}: an incoming id kept when sane, a new one otherwise, echoed, and readable by later links. */
class RequestIdTest {
    private static final String NEW_ID = "[89a-f][0-9a-f]{15}";

    /** RequestId as a global middleware; {@code /items/:id} answers with the id it reads, {@code /copy} from a copy. */
    private static KilnTest app(RequestId requestId) {
        return KilnTest.of(TestRoutes.builder()
                .use("RequestId", requestId)
                .get("/items/:id", ctx -> ctx.text("id " + RequestId.of(ctx)))
                .get("/copy", ctx -> ctx.text("copied " + RequestId.of(ctx.copy())))
                .get("/none", ctx -> ctx.text(String.valueOf(RequestId.of(ctx))))
                .build());
    }

    private static KilnTest.Response get(KilnTest app, String path, String id) {
        return app.call("GET", path).header("X-Request-Id", id).send();
    }

    @Test
    void aSaneIncomingIdIsKeptEchoedAndGivenToTheHandler() {
        KilnTest.Response r = get(app(new RequestId()), "/items/7", "abc-123_X.y:z/=+");
        assertEquals("abc-123_X.y:z/=+", r.header("X-Request-Id"));
        assertEquals("id abc-123_X.y:z/=+", r.text());
    }

    @Test
    void withoutOneEachRequestGetsANewIdOfSixteenHexDigits() {
        KilnTest app = app(new RequestId());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            KilnTest.Response r = app.get("/items/7");
            String id = r.header("X-Request-Id");
            assertTrue(id.matches(NEW_ID), id);
            assertEquals("id " + id, r.text(), "the handler reads the id the client gets");
            ids.add(id);
        }
        assertEquals(100, ids.size(), "no id given twice");
    }

    @Test
    void anIdThatIsNotSaneIsReplacedNotCleaned() {
        KilnTest app = app(new RequestId());
        String[] insane = {"a b", "a,b", "a;b", "\"quoted\"", "tab\there", "caf\u00e9", "x".repeat(129)};
        for (String id : insane) {
            KilnTest.Response r = get(app, "/items/7", id);
            assertEquals(200, r.status(), id + ": " + r.text());
            assertTrue(r.header("X-Request-Id").matches(NEW_ID), id + " became " + r.header("X-Request-Id"));
        }
        assertEquals("x".repeat(128), get(app, "/items/7", "x".repeat(128)).header("X-Request-Id"), "the longest kept");
        assertTrue(app.call("GET", "/items/7").header("X-Request-Id", "").send().header("X-Request-Id").matches(NEW_ID));
    }

    @Test
    void theBuilderSetsTheHeaderTheLengthAndWhetherIncomingIdsAreKept() {
        KilnTest correlation = app(RequestId.builder().header("X-Correlation-Id").maxLength(8).build());
        KilnTest.Response kept = correlation.call("GET", "/items/1").header("X-Correlation-Id", "12345678").send();
        assertEquals("12345678", kept.header("X-Correlation-Id"));
        assertNull(kept.header("X-Request-Id"));
        assertTrue(correlation.call("GET", "/items/1").header("X-Correlation-Id", "123456789").send()
                .header("X-Correlation-Id").matches(NEW_ID), "longer than maxLength(8)");

        KilnTest edge = app(RequestId.builder().trustIncoming(false).build());
        String id = get(edge, "/items/1", "from-a-client").header("X-Request-Id");
        assertTrue(id.matches(NEW_ID), id);
    }

    @Test
    void aConfigurationThatCannotWorkIsRefused() {
        assertEquals("maxLength must be 1 to 1024, not 0",
                assertThrows(IllegalArgumentException.class, () -> RequestId.builder().maxLength(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestId.builder().maxLength(1025));
        assertEquals("header name 'X Id' is not a token (RFC 9110 §5.1)",
                assertThrows(IllegalArgumentException.class, () -> RequestId.builder().header("X Id")).getMessage());
        assertThrows(NullPointerException.class, () -> RequestId.builder().header(null));
    }

    @Test
    void aCopyOfTheRequestCarriesTheId() {
        assertEquals("copied given-1", get(app(new RequestId()), "/copy", "given-1").text());
    }

    @Test
    void aRequestNoRouteMatchedGetsAnIdTooAsGlobalMiddlewareRunForIt() {
        KilnTest.Response r = get(app(new RequestId()), "/nowhere", "lost-1");
        assertEquals(404, r.status());
        assertEquals("lost-1", r.header("X-Request-Id"));
    }

    @Test
    void withoutRequestIdInTheChainThereIsNoId() {
        KilnTest app = KilnTest.of(TestRoutes.builder().get("/none", ctx -> ctx.text(String.valueOf(RequestId.of(ctx)))).build());
        KilnTest.Response r = get(app, "/none", "given");
        assertEquals("null", r.text(), "the header alone is not an id: RequestId did not run");
        assertNull(r.header("X-Request-Id"));
    }
}
