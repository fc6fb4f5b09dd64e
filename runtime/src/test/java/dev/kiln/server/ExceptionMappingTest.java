package dev.kiln.server;

import static dev.kiln.server.Wire.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Context;
import dev.kiln.Response;
import dev.kiln.test.KilnTest;
import dev.kiln.test.LeakRecorder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KilnServer#onException}: an exception that escapes a chain is answered by the handler registered for its
 * class or nearest superclass, exactly once; one without a handler is a generic 500 with the trace in the log only.
 */
@Timeout(30)
class ExceptionMappingTest {
    /** Why each handler ran, in order: one entry per call, so a test sees a handler that ran twice. */
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger afterNext = new AtomicInteger();

    private static class NotFound extends RuntimeException {
        NotFound(String what) {
            super(what + " not found");
        }
    }

    private static final class OrderNotFound extends NotFound {
        OrderNotFound(String id) {
            super("order " + id);
        }
    }

    private KilnServer server() {
        TestRoutes routes = TestRoutes.builder()
                // A middleware around next(), as Gin's are: the failure passes through it on its way out.
                .use("Around", ctx -> {
                    try {
                        ctx.next();
                    } finally {
                        afterNext.incrementAndGet();
                    }
                })
                .get("/orders/:id", ctx -> {
                    throw new OrderNotFound(ctx.param("id"));
                })
                .get("/things/:id", ctx -> {
                    throw new NotFound("thing " + ctx.param("id"));
                })
                .get("/missing", ctx -> {
                    throw new NoSuchElementException("none");
                })
                .get("/file", ctx -> {
                    throw new FileNotFoundException("secret.txt");
                })
                .get("/unmapped", ctx -> {
                    ctx.header("X-Set-Before", "yes").text("half-written");
                    throw new IllegalArgumentException("do not show this");
                })
                .get("/mapper-fails", ctx -> {
                    throw new UncheckedIOException(new IOException("disk"));
                })
                .blocking("GET", "/blocking/:id", ctx -> {
                    throw new OrderNotFound(ctx.param("id"));
                })
                .build();
        return new KilnServer(routes)
                .onException(NotFound.class, (e, ctx) -> {
                    calls.add("NotFound:" + e.getClass().getSimpleName());
                    ctx.status(404).json("{\"error\":\"" + e.getMessage() + "\"}");
                })
                .onException(OrderNotFound.class, (e, ctx) -> {
                    calls.add("OrderNotFound on " + (Thread.currentThread().getName().startsWith("kiln-blocking-") ? "worker" : "loop"));
                    ctx.status(410).text(e.getMessage());
                })
                .onException(RuntimeException.class, (e, ctx) -> {
                    calls.add("RuntimeException:" + e.getClass().getSimpleName());
                    if (e instanceof UncheckedIOException) throw new IllegalStateException("the mapper itself failed");
                    ctx.status(400).text("bad: " + e.getMessage());
                })
                .onException(IOException.class, (e, ctx) -> {
                    calls.add("IOException:" + e.getClass().getSimpleName());
                    ctx.status(503).text("storage unavailable");
                });
    }

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void theMostSpecificHandlerAnswersOnce() {
        KilnTest app = KilnTest.of(server());
        KilnTest.Response r = app.get("/orders/7");
        assertEquals(410, r.status());
        assertEquals("order 7 not found", r.text());
        assertEquals(List.of("OrderNotFound on loop"), calls, "its own class first, and only once");
        assertEquals(1, afterNext.get(), "the middleware around it saw one failure");
    }

    @Test
    void aSubclassWithoutItsOwnHandlerGetsItsNearestSuperclasssHandler() {
        KilnTest app = KilnTest.of(server());
        assertEquals(404, app.get("/things/3").status());
        assertEquals(400, app.get("/missing").status(), "NoSuchElementException → RuntimeException's handler");
        assertEquals(503, app.get("/file").status(), "FileNotFoundException → IOException's handler");
        assertEquals(List.of("NotFound:NotFound", "RuntimeException:NoSuchElementException", "IOException:FileNotFoundException"),
                calls);
    }

    @Test
    void anUnmappedFailureIsAGeneric500WithoutWhatTheChainHadWritten() {
        KilnServer settings = new KilnServer(TestRoutes.builder().get("/unmapped", ctx -> {
            ctx.text("half-written");
            throw new IllegalArgumentException("do not show this");
        }).build());
        KilnTest.Response r = KilnTest.of(settings).get("/unmapped");
        assertEquals(500, r.status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}", r.text());
        assertFalse(r.text().contains("do not show this"));
    }

    @Test
    void aHandlerStartsFromA500WithoutTheHalfWrittenBody() {
        KilnTest.Response r = KilnTest.of(server()).get("/unmapped");
        assertEquals(400, r.status());
        assertEquals("bad: do not show this", r.text(), "the chain's body is gone");
        assertEquals("yes", r.header("X-Set-Before"), "headers already set stay");
    }

    @Test
    void aHandlerThatThrowsIsA500AndRunsOnce() {
        KilnTest.Response r = KilnTest.of(server()).get("/mapper-fails");
        assertEquals(500, r.status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}", r.text());
        assertEquals(List.of("RuntimeException:UncheckedIOException"), calls);
    }

    @Test
    void aHandlerCanWriteAJsonErrorWithAResponse() {
        KilnServer settings = new KilnServer(TestRoutes.builder().get("/orders/:id", ctx -> {
            throw new NotFound("order " + ctx.param("id"));
        }).build()).onException(NotFound.class, (e, ctx) -> ctx.respond(Response.status(422)
                .header("X-Error", "not-found").body(java.util.Map.of("error", e.getMessage()))));
        KilnTest.Response r = KilnTest.of(settings).get("/orders/5");
        assertEquals(422, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("not-found", r.header("X-Error"));
        assertEquals("{\"error\":\"order 5 not found\"}", r.text());
    }

    @Test
    void aTypeCanHaveOneHandler() {
        KilnServer s = server();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.onException(IOException.class, (x, ctx) -> { }));
        assertTrue(e.getMessage().contains("java.io.IOException already has an exception handler"), e.getMessage());
    }

    /**
     * What a middleware that records statuses sees: code after {@code next()} for a chain that answers when it
     * returns, and {@code onResponse} for every request, a failed {@code CompletionStage} included.
     */
    private final List<String> seen = new ArrayList<>();

    private KilnServer recorded(boolean mapNotFound) {
        TestRoutes routes = TestRoutes.builder()
                .use("Recorder", ctx -> {
                    ctx.onResponse(c -> seen.add("onResponse " + c.status()));
                    try {
                        ctx.next();
                        seen.add("returned " + ctx.status() + (ctx.isAborted() ? " aborted" : ""));
                    } catch (Exception e) {
                        seen.add("threw " + e.getClass().getSimpleName() + " at " + ctx.status());
                        throw e;
                    }
                })
                .get("/mapped", ctx -> {
                    ctx.text("half-written");
                    throw new NotFound("page");
                })
                .get("/unmapped", ctx -> {
                    throw new IllegalStateException("nobody maps this");
                })
                .get("/stage/:outcome", ctx -> {
                    CompletableFuture<String> later = new CompletableFuture<>();
                    String outcome = ctx.param("outcome");
                    new Thread(() -> {
                        if (outcome.equals("ok")) later.complete("done");
                        else if (outcome.equals("mapped")) later.completeExceptionally(new NotFound("stage"));
                        else later.completeExceptionally(new IllegalStateException("stage failed"));
                    }).start();
                    ctx.defer(later, Context::text);
                })
                .build();
        KilnServer server = new KilnServer(routes);
        if (mapNotFound) server.onException(NotFound.class, (e, ctx) -> ctx.status(404).text(e.getMessage()));
        return server;
    }

    @Test
    void aMappedFailureIsAnsweredWhereItIsRaisedSoTheMiddlewareSeesItsStatus() {
        KilnTest.Response r = KilnTest.of(recorded(true)).get("/mapped");
        assertEquals(404, r.status());
        assertEquals("page not found", r.text());
        assertEquals(List.of("returned 404 aborted", "onResponse 404"), seen,
                "next() returned normally with the mapped response; the exception did not go on out");
    }

    @Test
    void anUnmappedFailureGoesOutThroughTheMiddlewareAt500() {
        KilnTest.Response r = KilnTest.of(recorded(true)).get("/unmapped");
        assertEquals(500, r.status());
        assertEquals(List.of("threw IllegalStateException at 500", "onResponse 500"), seen);
    }

    @Test
    void aFailedStageIsSeenByOnResponseWithTheStatusTheClientGets() {
        KilnTest app = KilnTest.of(recorded(true));
        assertEquals(404, app.get("/stage/mapped").status());
        assertEquals(500, app.get("/stage/unmapped").status());
        assertEquals(200, app.get("/stage/ok").status());
        assertEquals(List.of("returned 200", "onResponse 404", "returned 200", "onResponse 500", "returned 200",
                "onResponse 200"), seen, "after next() the stage is still running; onResponse sees its outcome");
    }

    @Test
    void withoutAHandlerTheSameFailureIsA500ThatMiddlewareSeeThrown() {
        KilnTest.Response r = KilnTest.of(recorded(false)).get("/mapped");
        assertEquals(500, r.status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}", r.text(), "not the half-written body");
        assertEquals(List.of("threw NotFound at 500", "onResponse 500"), seen);
    }

    @Test
    void aBlockingRoutesFailureIsMappedOnItsWorkerOverARealSocket() throws Exception {
        try (RunningServer running = server().port(0).host("127.0.0.1").virtualThreads(false)
                .shutdownTimeout(Duration.ofSeconds(1)).start();
             Wire wire = Wire.connect(running.port())) {
            Wire.Response r = wire.send(get("/blocking/9") + get("/orders/8")).read();
            assertEquals(410, r.status());
            assertEquals("order 9 not found", r.text());
            assertEquals(410, wire.read().status(), "and the connection goes on");
            assertEquals(List.of("OrderNotFound on worker", "OrderNotFound on loop"), calls);
            assertEquals(2, afterNext.get());
        }
    }
}
