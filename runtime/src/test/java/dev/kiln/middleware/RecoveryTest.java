package dev.kiln.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.Problem;
import dev.kiln.server.KilnServer;
import dev.kiln.server.TestRoutes;
import dev.kiln.test.KilnTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Recovery}: a failure nothing answered becomes the context's own 500 problem, so the headers the chain set
 * stay on it and the middleware around Recovery see it; what exception handlers answer, and errors, are not its.
 */
class RecoveryTest {
    private final List<String> seenAfter = new ArrayList<>();

    /**
     * A middleware noting the status it sees after next(), then Recovery (unless left out), then RequestId, in front
     * of failing routes.
     */
    private KilnTest app(boolean recovery, UnaryOperator<KilnServer> settings) {
        TestRoutes.Builder routes = TestRoutes.builder().use("Observer", ctx -> {
            ctx.next();
            seenAfter.add(String.valueOf(ctx.status()));
        });
        if (recovery) routes.use("Recovery", new Recovery());
        routes.use("RequestId", new RequestId())
                .get("/boom", ctx -> {
                    ctx.text("half written");
                    throw new IllegalStateException("secret detail");
                })
                .get("/mapped", ctx -> {
                    throw new UnsupportedOperationException("mapped");
                })
                .get("/error", ctx -> {
                    throw new AssertionError("an error, not an exception");
                })
                .get("/fine", ctx -> ctx.text("fine"));
        return KilnTest.of(settings.apply(new KilnServer(routes.build())));
    }

    private static KilnTest.Response get(KilnTest app, String path) {
        return app.call("GET", path).header("X-Request-Id", "req-1").send();
    }

    @Test
    void anUnansweredFailureIsA500ProblemThatKeepsTheChainsHeaders() {
        KilnTest.Response r = get(app(true, s -> s), "/boom");
        assertEquals(500, r.status());
        assertEquals(Problem.of(500, null), r.problem(), "the server's own 500 body: no detail, no trace");
        assertFalse(r.text().contains("secret") || r.text().contains("half"), r.text());
        assertEquals("req-1", r.header("X-Request-Id"), "set before the failure, kept on the answer");
    }

    @Test
    void withoutRecoveryTheServersGeneric500CarriesNoneOfThem() {
        KilnTest.Response r = get(app(false, s -> s), "/boom");
        assertEquals(500, r.status());
        assertEquals(Problem.of(500, null), r.problem());
        assertNull(r.header("X-Request-Id"), "what Recovery is for");
    }

    @Test
    void aFailureAnExceptionHandlerAnswersNeverReachesIt() {
        KilnTest app = app(true, s -> s.onException(UnsupportedOperationException.class,
                (e, ctx) -> ctx.status(501).text("not yet")));
        KilnTest.Response r = get(app, "/mapped");
        assertEquals(501, r.status());
        assertEquals("not yet", r.text());
        assertEquals("req-1", r.header("X-Request-Id"));
    }

    @Test
    void anErrorGoesOnToTheServer() {
        KilnTest.Response r = get(app(true, s -> s), "/error");
        assertEquals(500, r.status());
        assertNull(r.header("X-Request-Id"), "the server's generic 500, not Recovery's");
    }

    @Test
    void theServerGoesOnServingAfterItAnswered() {
        KilnTest app = app(true, s -> s);
        assertEquals(500, get(app, "/boom").status());
        assertEquals("fine", get(app, "/fine").text());
        assertEquals(List.of("500", "200"), seenAfter, "the middleware around Recovery saw each status");
    }
}
