package dev.kiln.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.server.KilnServer;
import dev.kiln.test.KilnTest;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KilnTest answers every documented kind of route, in memory: a {@code CompletionStage} completed on another
 * thread, a {@code @Blocking} route, exception handlers; and its shortcuts send what they say.
 */
@Timeout(30)
class TestClientTest {
    private final KilnTest app = KilnTest.of(SampleApp.routes("s3cret"));

    @Test
    void aRouteReturningAStageIsWaitedFor() {
        KilnTest.Response r = app.get("/later?ms=150"); // completes on the JDK's delayed executor, not on the loop
        assertEquals(200, r.status());
        assertEquals("{\"message\":\"later\"}", r.text());
    }

    @Test
    void aStageThatFailsIsAnsweredLikeAThrownException() {
        assertEquals(500, app.get("/later?ms=20&fail=true").status());
    }

    @Test
    void aBlockingRouteAnswers() {
        KilnTest.Response r = app.get("/slow?ms=5");
        assertEquals(200, r.status());
        assertEquals("slept 5 ms", r.text());
    }

    @Test
    void aStageThatDoesNotCompleteInTimeFailsNamingTheRoute() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> app.timeout(Duration.ofMillis(200)).get("/later?ms=5000"));
        assertEquals("GET /later?ms=5000: no response within 200 ms; its route GET /later"
                + " (BenchController#later(int, boolean)) has not answered: a CompletionStage that never completes,"
                + " or completes later than that", e.getMessage());
    }

    @Test
    void responsesThatComeLaterKeepTheirOrderBehindEachOther() {
        assertEquals(200, app.get("/later?ms=50").status());
        assertEquals("Hello, World!", app.get("/plaintext").text(), "the connection goes on after a waited-for stage");
    }

    @Test
    void shortcutsSendJsonAndHeaders() {
        KilnTest.Response echoed = app.post("/json", "{\"message\":\"hi\"}");
        assertEquals(200, echoed.status());
        assertEquals("{\"message\":\"hi\"}", echoed.text());
        assertEquals("abc", app.call("GET", "/whoami").header("X-Request-Id", "abc").send().text());
        KilnTest.Response created = app.post("/todos", "{\"title\":\"write docs\"}");
        assertEquals(201, created.status());
        assertTrue(created.header("Location").startsWith("/todos/"), created.header("Location"));
        assertEquals(204, app.delete(created.header("Location")).status());
        assertEquals("{\"error\":\"not_found\"}", app.delete(created.header("Location")).text());
    }

    @Test
    void ofAServerTakesItsExceptionHandlers() {
        KilnTest mapped = KilnTest.of(new KilnServer(SampleApp.routes("s3cret"))
                .onException(IllegalStateException.class, (e, ctx) -> ctx.status(409).text("mapped: " + e.getMessage())));
        KilnTest.Response r = mapped.get("/later?ms=5&fail=true");
        assertEquals(409, r.status());
        assertEquals("mapped: later failed, as asked", r.text());
        assertThrows(IllegalArgumentException.class, () -> new KilnServer(SampleApp.routes("x"))
                .onException(NoSuchElementException.class, (e, ctx) -> { })
                .onException(NoSuchElementException.class, (e, ctx) -> { }));
    }
}
